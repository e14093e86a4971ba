"""qpdfjson.py - a PDF's objects as qpdf's JSON (version 2) gives them, for
the checks of tests/pdf/ that read a file's objects back."""
import json
import subprocess


def objects(pdf, *options):
    """The objects of `pdf`, by "obj:N 0 R"; `options` are more of qpdf's
    (to inline and decode stream data, say)."""
    r = subprocess.run(["qpdf", "--json=2", "--json-key=qpdf", *options, pdf], capture_output=True, text=True)
    return json.loads(r.stdout)["qpdf"][1]


def text(v):
    """A qpdf JSON string, as text."""
    if isinstance(v, str) and v.startswith("u:"):
        return v[2:]
    if isinstance(v, str) and v.startswith("b:"):
        b = bytes.fromhex(v[2:])
        return b[2:].decode("utf-16-be") if b[:2] == b"\xfe\xff" else b.decode("latin-1")
    return v
