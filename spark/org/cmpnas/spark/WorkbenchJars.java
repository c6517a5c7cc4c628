package org.cmpnas.spark;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/**
 * The jars a cluster's executors need besides Spark's own: the workbench and its engine's libraries (DJL,
 * libtorch, the image readers, ...): every jar of this process's class path, and of the class path the
 * workbench jar's manifest names (how {@code java -jar} finds target/lib), that Spark does not ship itself.
 */
final class WorkbenchJars {
    /** Jar name prefixes of Spark and its dependencies, which every executor has. */
    private static final List<String> SPARK_PREFIXES = List.of("spark-", "scala-", "hadoop-", "netty-", "log4j-", "jackson-module-scala");

    private WorkbenchJars() {
    }

    static List<String> onClassPath() {
        Set<File> jars = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            File jar = new File(entry).getAbsoluteFile();
            if (jar.getName().endsWith(".jar") && jars.add(jar)) {
                jars.addAll(manifestClassPath(jar));
            }
        }
        List<String> shipped = new ArrayList<>();
        for (File jar : jars) {
            if (SPARK_PREFIXES.stream().noneMatch(jar.getName()::startsWith)) {
                shipped.add(jar.getPath());
            }
        }
        return shipped;
    }

    private static List<File> manifestClassPath(File jar) {
        List<File> out = new ArrayList<>();
        try (JarFile file = new JarFile(jar)) {
            String classPath = file.getManifest() == null ? null : file.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (classPath != null) {
                for (String relative : classPath.trim().split("\\s+")) {
                    out.add(new File(jar.getParentFile(), relative).getAbsoluteFile());
                }
            }
        } catch (IOException e) {
            // not a readable jar: nothing more to ship from it
        }
        return out;
    }
}
