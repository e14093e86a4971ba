/* Preflight.java - runs Apache PDFBox Preflight (Debian's libpdfbox2-java)
 * on a PDF and prints each error as CODE<TAB>DETAILS, for check-pdfa.py.
 *
 *   java Preflight.java FILE.pdf SHIM-DIR JAR:JAR:...
 *
 * PDFBox 2.0 needs javax.activation and javax.xml.bind, which Java 11 and
 * later no longer ship; where their jars are not installed, the three
 * classes it uses (DataSource, FileDataSource, DatatypeConverter's
 * parseInt and parseDateTime) are compiled into SHIM-DIR from the small
 * sources below, placed after the jars so that real ones win. */
import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

public class Preflight {
    static final String DATA_SOURCE = "package javax.activation;\n"
        + "public interface DataSource {\n"
        + "  java.io.InputStream getInputStream() throws java.io.IOException;\n"
        + "  java.io.OutputStream getOutputStream() throws java.io.IOException;\n"
        + "  String getContentType();\n  String getName();\n}\n";
    static final String FILE_DATA_SOURCE = "package javax.activation;\n"
        + "public class FileDataSource implements DataSource {\n"
        + "  private final java.io.File f;\n"
        + "  public FileDataSource(java.io.File f) { this.f = f; }\n"
        + "  public java.io.InputStream getInputStream() throws java.io.IOException { return new java.io.FileInputStream(f); }\n"
        + "  public java.io.OutputStream getOutputStream() throws java.io.IOException { throw new java.io.IOException(\"read only\"); }\n"
        + "  public String getContentType() { return \"application/pdf\"; }\n"
        + "  public String getName() { return f.getName(); }\n}\n";
    static final String DATATYPE_CONVERTER = "package javax.xml.bind;\n"
        + "public final class DatatypeConverter {\n"
        + "  public static int parseInt(String s) { return Integer.parseInt(s.trim()); }\n"
        + "  public static java.util.Calendar parseDateTime(String s) {\n"
        + "    java.time.temporal.TemporalAccessor t = java.time.format.DateTimeFormatter.ISO_DATE_TIME.parseBest(s.trim(),\n"
        + "        java.time.ZonedDateTime::from, java.time.LocalDateTime::from);\n"
        + "    java.time.ZonedDateTime z = t instanceof java.time.ZonedDateTime ? (java.time.ZonedDateTime) t\n"
        + "        : ((java.time.LocalDateTime) t).atZone(java.time.ZoneOffset.UTC);\n"
        + "    return java.util.GregorianCalendar.from(z);\n"
        + "  }\n}\n";

    public static void main(String[] args) throws Exception {
        Path shims = Path.of(args[1]);
        List<URL> urls = new ArrayList<>();
        for (String j : args[2].split(":")) urls.add(new File(j).toURI().toURL());
        urls.add(shims.toUri().toURL());
        Path src = shims.resolve("src");
        Files.createDirectories(src);
        String[][] files = {{"DataSource.java", DATA_SOURCE}, {"FileDataSource.java", FILE_DATA_SOURCE},
                            {"DatatypeConverter.java", DATATYPE_CONVERTER}};
        List<String> opts = new ArrayList<>(List.of("-d", shims.toString(), "-nowarn"));
        for (String[] f : files) {
            Path p = src.resolve(f[0]);
            Files.writeString(p, f[1]);
            opts.add(p.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac.run(null, null, null, opts.toArray(new String[0])) != 0) throw new RuntimeException("shims");
        ClassLoader cl = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
        Class<?> pc = cl.loadClass("org.apache.pdfbox.preflight.parser.PreflightParser");
        Object parser = pc.getConstructor(File.class).newInstance(new File(args[0]));
        pc.getMethod("parse").invoke(parser);
        Object doc = pc.getMethod("getPreflightDocument").invoke(parser);
        doc.getClass().getMethod("validate").invoke(doc);
        Object result = doc.getClass().getMethod("getResult").invoke(doc);
        for (Object e : (List<?>) result.getClass().getMethod("getErrorsList").invoke(result)) {
            Method code = e.getClass().getMethod("getErrorCode"), details = e.getClass().getMethod("getDetails");
            System.out.println(code.invoke(e) + "\t" + details.invoke(e));
        }
        doc.getClass().getMethod("close").invoke(doc);
    }
}
