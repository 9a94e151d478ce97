package dev.resilient.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.spring.autoconfigure.ResilientAutoConfiguration;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.Opcodes;
import org.springframework.asm.Type;

/**
 * Every method, constructor and field of Spring, Micrometer and Reactor that the starter's bytecode
 * calls exists on this Boot line, whether or not a test runs the code that calls it: the starter is
 * compiled against Boot 4.1, and a method only a newer line has (an overload of Framework 7's
 * {@code HttpHeaders}, say) would fail with {@link NoSuchMethodError} only when called. A reference
 * to a class that this line lacks is not checked: such code sits behind a class condition (the
 * context tests prove it never loads), and so are classes that cannot load here at all.
 */
class LinkageTest {

    private static final List<String> CHECKED_OWNERS = List.of("org/springframework/", "io/micrometer/", "reactor/");

    @Test
    void everyLibraryMemberTheStarterCallsExistsOnThisLine() throws Exception {
        ClassLoader loader = getClass().getClassLoader();
        Map<String, byte[]> classes = starterClasses();
        assertThat(classes).containsKey("dev/resilient/spring/autoconfigure/ResilientAutoConfiguration");

        Set<String> missing = new TreeSet<>();
        int checked = 0;
        for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
            String className = entry.getKey().replace('/', '.');
            if (!loadable(className, loader)) {
                continue; // needs a class of another line: guarded by a class condition
            }
            for (String[] ref : references(entry.getValue())) {
                Class<?> owner = load(ref[1].replace('/', '.'), loader);
                if (owner == null) {
                    continue;
                }
                checked++;
                if (!exists(owner, ref[0], ref[2], ref[3])) {
                    missing.add(ref[1] + "." + ref[2] + ref[3] + " (called from " + className + ")");
                }
            }
        }
        assertThat(checked).as("library members checked").isGreaterThan(100);
        assertThat(missing)
                .as("members the starter calls that this Boot line lacks")
                .isEmpty();
    }

    /** The starter's classes, from its jar or (in a reactor build without packaging) its class directory. */
    private static Map<String, byte[]> starterClasses() throws IOException, URISyntaxException {
        Path location = Path.of(ResilientAutoConfiguration.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Map<String, byte[]> classes = new LinkedHashMap<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                files.filter(f -> f.toString().endsWith(".class")).forEach(f -> {
                    String name = location.relativize(f).toString().replace('\\', '/');
                    try {
                        classes.put(name.substring(0, name.length() - 6), Files.readAllBytes(f));
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                });
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                    JarEntry entry = entries.nextElement();
                    if (entry.getName().endsWith(".class")) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            String name = entry.getName();
                            classes.put(name.substring(0, name.length() - 6), in.readAllBytes());
                        }
                    }
                }
            }
        }
        return classes;
    }

    /** Each reference as {kind (method or field), owner, name, descriptor}, to a checked library. */
    private static List<String[]> references(byte[] bytecode) {
        List<String[]> refs = new ArrayList<>();
        new ClassReader(bytecode)
                .accept(
                        new ClassVisitor(Opcodes.ASM9) {
                            @Override
                            public MethodVisitor visitMethod(
                                    int access, String name, String descriptor, String signature, String[] ex) {
                                return new MethodVisitor(Opcodes.ASM9) {
                                    @Override
                                    public void visitMethodInsn(
                                            int opcode, String owner, String member, String desc, boolean itf) {
                                        add("method", owner, member, desc);
                                    }

                                    @Override
                                    public void visitFieldInsn(int opcode, String owner, String member, String desc) {
                                        add("field", owner, member, desc);
                                    }

                                    private void add(String kind, String owner, String member, String desc) {
                                        if (CHECKED_OWNERS.stream().anyMatch(owner::startsWith)) {
                                            refs.add(new String[] {kind, owner, member, desc});
                                        }
                                    }
                                };
                            }
                        },
                        ClassReader.SKIP_FRAMES);
        return refs;
    }

    private static boolean loadable(String className, ClassLoader loader) {
        try {
            Class<?> type = Class.forName(className, false, loader);
            type.getDeclaredMethods(); // resolves the types of its signatures too
            return true;
        } catch (ClassNotFoundException | LinkageError absentOnThisLine) {
            return false;
        }
    }

    private static Class<?> load(String className, ClassLoader loader) {
        if (className.startsWith("[")) {
            return null; // clone() of an array
        }
        try {
            return Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError absentOnThisLine) {
            return null;
        }
    }

    /** Whether {@code owner} or a supertype declares the member, as the JVM resolves it. */
    private static boolean exists(Class<?> owner, String kind, String name, String descriptor) {
        if (name.equals("<init>")) {
            return declares(owner, kind, name, descriptor);
        }
        Deque<Class<?>> types = new ArrayDeque<>(List.of(owner));
        Set<Class<?>> seen = new HashSet<>();
        while (!types.isEmpty()) {
            Class<?> type = types.poll();
            if (!seen.add(type)) {
                continue;
            }
            if (declares(type, kind, name, descriptor)) {
                return true;
            }
            if (type.getSuperclass() != null) {
                types.add(type.getSuperclass());
            }
            types.addAll(List.of(type.getInterfaces()));
        }
        return kind.equals("method") && !owner.isInterface() && declares(Object.class, kind, name, descriptor);
    }

    private static boolean declares(Class<?> type, String kind, String name, String descriptor) {
        if (kind.equals("field")) {
            for (Field field : type.getDeclaredFields()) {
                if (field.getName().equals(name)
                        && Type.getDescriptor(field.getType()).equals(descriptor)) {
                    return true;
                }
            }
            return false;
        }
        if (name.equals("<init>")) {
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (Type.getConstructorDescriptor(constructor).equals(descriptor)) {
                    return true;
                }
            }
            return false;
        }
        for (Method method : type.getDeclaredMethods()) {
            if (method.getName().equals(name)
                    && Type.getMethodDescriptor(method).equals(descriptor)) {
                return true;
            }
        }
        return false;
    }
}
