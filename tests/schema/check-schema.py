#!/usr/bin/python3
"""Check schema/briefing-1.schema.json against the examples and loader cases.

usage: check-schema.py [-v] REPOSITORY_ROOT

1. The schema must itself be a valid JSON Schema, draft 2020-12.
2. Every examples/*.json must be valid under it.
3. Every tests/loader/cases/*.json with a sibling .expect file must agree
   with what the expect file says. The expect file starts with header lines,
   ended by a line `---`:
       exit: N                  the program's exit status (required)
       schema: valid|invalid    what the schema must say (optional)
   With `schema:` the schema's verdict must match it; without it, a case
   whose exit is 0 must be schema-valid (the program accepts it, so the
   schema must too), and a case with another exit asks nothing of the
   schema (the program refuses things a schema cannot see, such as a string
   over 65536 bytes). A case that is not JSON at all (syntax, encoding,
   NaN, duplicate keys, nesting Python cannot parse) is skipped: a schema
   has nothing to say about it.

Prints one summary line, e.g.
    schema: 1 example valid, 12 cases agree, 3 skipped
and exits 1 on any failure or disagreement (listed above the summary), 2
on a usage error. -v also lists the skipped cases. Needs the jsonschema
module (Debian: python3-jsonschema).
"""

import glob
import json
import os
import sys

try:
    from jsonschema import Draft202012Validator
except ImportError:
    print("check-schema: needs the jsonschema module "
          "(Debian: apt-get install python3-jsonschema)", file=sys.stderr)
    sys.exit(2)

SCHEMA = os.path.join("schema", "briefing-1.schema.json")
DRAFT = "https://json-schema.org/draft/2020-12/schema"


class NotJSON(Exception):
    pass


def reject_constant(name):
    # Python's json accepts NaN, Infinity and -Infinity; RFC 8259 does not.
    raise NotJSON(f"{name} is not JSON")


def reject_duplicates(pairs):
    # RFC 8259 leaves duplicate names' meaning open; Python keeps the last,
    # another reader may keep the first, so a schema verdict means nothing.
    seen = set()
    for key, _ in pairs:
        if key in seen:
            raise NotJSON(f"duplicate key {key!r}")
        seen.add(key)
    return dict(pairs)


def load_json(path):
    """The parsed document, or NotJSON saying why it is not one."""
    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8")
        return json.loads(text, parse_constant=reject_constant,
                          object_pairs_hook=reject_duplicates)
    except UnicodeDecodeError as e:
        raise NotJSON(f"not UTF-8 ({e.reason} at byte {e.start})")
    except json.JSONDecodeError as e:
        raise NotJSON(f"{e.lineno}:{e.colno}: {e.msg}")
    except RecursionError:
        raise NotJSON("nested too deeply for Python's json")


def json_path(parts):
    """A path like chapters[2].source.url, as the program writes it."""
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else p)
    return out or "(top level)"


def schema_errors(validator, doc):
    """Sorted one-line messages, empty if doc is valid."""
    try:
        errors = list(validator.iter_errors(doc))
    except RecursionError:
        return ["(top level): nested too deeply for the validator"]
    return sorted(f"{json_path(e.absolute_path)}: {shorten(e.message)}"
                  for e in errors)


def shorten(message, limit=160):
    # jsonschema quotes the whole failing value; a 200-item array is noise.
    return message if len(message) <= limit else message[:limit] + " …"


def read_expect(path):
    """(exit status, schema verdict or None) from an expect file's header."""
    exit_status, verdict = None, None
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\r\n")
            if line == "---":
                break
            key, sep, value = line.partition(":")
            key, value = key.strip(), value.strip()
            if not sep:
                continue
            if key == "exit":
                try:
                    exit_status = int(value)
                except ValueError:
                    raise ValueError(f"line {n}: exit is not a number: "
                                     f"{value!r}")
            elif key == "schema":
                if value not in ("valid", "invalid"):
                    raise ValueError(f"line {n}: schema must be valid or "
                                     f"invalid, not {value!r}")
                verdict = value
    if exit_status is None:
        raise ValueError("no `exit: N` line before `---`")
    return exit_status, verdict


def plural(n, word):
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def main(argv):
    args = argv[1:]
    verbose = "-v" in args
    args = [a for a in args if a != "-v"]
    if len(args) != 1:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    root = args[0]
    failures = []

    # 1. The schema itself.
    try:
        with open(os.path.join(root, SCHEMA), encoding="utf-8") as f:
            schema = json.load(f)
    except (OSError, ValueError) as e:
        print(f"{SCHEMA}: error: {e}", file=sys.stderr)
        return 2
    if schema.get("$schema") != DRAFT:
        failures.append(f"{SCHEMA}: $schema is not {DRAFT}")
    try:
        Draft202012Validator.check_schema(schema)
    except Exception as e:  # jsonschema.SchemaError, with its message
        failures.append(f"{SCHEMA}: not a valid draft 2020-12 schema: "
                        f"{getattr(e, 'message', e)}")
        for line in failures:
            print(line, file=sys.stderr)
        return 1
    validator = Draft202012Validator(schema)

    # 2. The examples: each must be valid.
    examples = sorted(glob.glob(os.path.join(root, "examples", "*.json")))
    n_valid = 0
    for path in examples:
        rel = os.path.relpath(path, root)
        try:
            doc = load_json(path)
        except (OSError, NotJSON) as e:
            failures.append(f"{rel}: not JSON: {e}")
            continue
        errors = schema_errors(validator, doc)
        if errors:
            failures.append(f"{rel}: invalid under the schema:")
            failures.extend(f"    {msg}" for msg in errors[:20])
            if len(errors) > 20:
                failures.append(f"    … and {len(errors) - 20} more")
        else:
            n_valid += 1

    # 3. The loader cases: the schema agrees with their expect files.
    cases_dir = os.path.join(root, "tests", "loader", "cases")
    n_agree, skipped = 0, []
    for path in sorted(glob.glob(os.path.join(cases_dir, "*.json"))):
        rel = os.path.relpath(path, root)
        expect = path[:-len(".json")] + ".expect"
        if not os.path.isfile(expect):
            continue
        try:
            exit_status, verdict = read_expect(expect)
        except (OSError, UnicodeDecodeError, ValueError) as e:
            failures.append(f"{os.path.relpath(expect, root)}: {e}")
            continue
        try:
            doc = load_json(path)
        except NotJSON as e:
            skipped.append(f"{rel}: {e}")
            continue
        except OSError as e:
            failures.append(f"{rel}: {e}")
            continue
        errors = schema_errors(validator, doc)
        if verdict is not None:
            want_valid, why = verdict == "valid", f"schema: {verdict}"
        elif exit_status == 0:
            want_valid, why = True, "exit: 0"
        else:
            n_agree += 1  # the program refuses it; the schema may not see why
            continue
        if want_valid and errors:
            failures.append(f"{rel}: the expect file says `{why}` but the "
                            f"schema rejects it: {errors[0]}")
        elif not want_valid and not errors:
            failures.append(f"{rel}: the expect file says `{why}` but the "
                            f"schema accepts it")
        else:
            n_agree += 1

    for line in failures:
        print(line, file=sys.stderr)
    if verbose:
        for line in skipped:
            print(f"skipped {line}")
    print(f"schema: {plural(n_valid, 'example')} valid, "
          f"{n_agree} case{'' if n_agree == 1 else 's'} agree"
          f"{'s' if n_agree == 1 else ''}, {len(skipped)} skipped")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
