// EpubCheckBatch.java — epubcheck on many EPUBs in one Java start (each
// start costs seconds): prints "=== FILE" before each file's report, as
// epubcheck's own command line would print it.  Run as a source file:
//   java -cp /usr/share/java/epubcheck.jar EpubCheckBatch.java A.epub B.epub …
public class EpubCheckBatch {
  public static void main(String[] args) {
    int failed = 0;
    for (String file : args) {
      System.out.println("=== " + file);
      System.out.flush();
      if (new com.adobe.epubcheck.tool.EpubChecker().run(new String[] { file }) != 0)
        failed++;
      System.out.flush();
      System.err.flush();
    }
    System.exit(failed == 0 ? 0 : 1);
  }
}
