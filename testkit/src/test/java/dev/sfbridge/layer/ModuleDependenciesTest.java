package dev.sfbridge.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The one-way dependency rule of docs/architecture.md, read from the poms themselves: the layer depends on no
 * module of ours; the testkit only on the layer; a function on the layer, and on the testkit for its tests only,
 * never on another function; ops like a function; local/ on the functions and the testkit; bench/ on local/.
 * Nothing depends on ops, local/ or bench/ but what the rule names.
 */
class ModuleDependenciesTest {
    private static final Path ROOT = Path.of("..");

    /** Which of our artifacts each module may depend on, and with which scopes. */
    private static final Map<String, Map<String, Set<String>>> ALLOWED = Map.of(
            "sfbridge-layer", Map.of(),
            "sfbridge-testkit", Map.of("sfbridge-layer", Set.of("compile")),
            "function", Map.of("sfbridge-layer", Set.of("compile"), "sfbridge-testkit", Set.of("test")),
            "sfbridge-ops", Map.of("sfbridge-layer", Set.of("compile"), "sfbridge-testkit", Set.of("test")),
            "sfbridge-local", Map.of("function", Set.of("compile"), "sfbridge-testkit", Set.of("compile"),
                    "sfbridge-layer", Set.of("compile")),
            "sfbridge-bench", Map.of("sfbridge-local", Set.of("compile"), "function", Set.of("compile"),
                    "sfbridge-testkit", Set.of("compile"), "sfbridge-layer", Set.of("compile")));

    @Test
    void everyModuleKeepsToTheOneWayRule() throws Exception {
        Map<String, List<Dependency>> modules = modules();

        List<String> broken = new ArrayList<>();
        modules.forEach((module, dependencies) -> broken.addAll(violations(module, dependencies, modules.keySet())));

        assertTrue(modules.keySet().containsAll(List.of("sfbridge-layer", "sfbridge-testkit", "sfbridge-local", "sfbridge-bench")),
                "the reactor's modules were not read: " + modules.keySet());
        assertEquals(List.of(), broken);
    }

    @Test
    void theRuleNamesWhatItRefuses() {
        Set<String> ours = Set.of("sfbridge-layer", "sfbridge-testkit", "order-worker", "erp-events", "sfbridge-local");

        assertEquals(List.of("order-worker -> erp-events (compile)", "order-worker -> sfbridge-testkit (compile)"),
                violations("order-worker", List.of(new Dependency("erp-events", "compile"),
                        new Dependency("sfbridge-testkit", "compile"), new Dependency("sfbridge-layer", "compile")), ours));
        assertEquals(List.of("sfbridge-layer -> sfbridge-testkit (test)"),
                violations("sfbridge-layer", List.of(new Dependency("sfbridge-testkit", "test")), ours));
        assertEquals(List.of("sfbridge-testkit -> sfbridge-local (compile)"),
                violations("sfbridge-testkit", List.of(new Dependency("sfbridge-local", "compile")), ours));
    }

    private static List<String> violations(String module, List<Dependency> dependencies, Set<String> ours) {
        Map<String, Set<String>> allowed = ALLOWED.get(role(module));
        List<String> broken = new ArrayList<>();
        for (Dependency dependency : dependencies) {
            if (!ours.contains(dependency.artifactId())) {
                continue;
            }
            Set<String> scopes = allowed == null ? Set.of() : allowed.getOrDefault(role(dependency.artifactId()), Set.of());
            if (!scopes.contains(dependency.scope())) {
                broken.add(module + " -> " + dependency.artifactId() + " (" + dependency.scope() + ")");
            }
        }
        return broken;
    }

    /** The functions are alike: their artifact IDs are their folder names, and none is another's dependency. */
    private static String role(String artifactId) {
        return artifactId.startsWith("sfbridge-") ? artifactId : "function";
    }

    private static Map<String, List<Dependency>> modules() throws Exception {
        Map<String, List<Dependency>> modules = new LinkedHashMap<>();
        NodeList declared = pom(ROOT.resolve("pom.xml")).getElementsByTagName("module");
        for (int i = 0; i < declared.getLength(); i++) {
            Document pom = pom(ROOT.resolve(declared.item(i).getTextContent().trim()).resolve("pom.xml"));
            modules.put(childText(pom.getDocumentElement(), "artifactId"), dependencies(pom));
        }
        return modules;
    }

    private static List<Dependency> dependencies(Document pom) {
        List<Dependency> dependencies = new ArrayList<>();
        NodeList sections = pom.getDocumentElement().getElementsByTagName("dependencies");
        for (int s = 0; s < sections.getLength(); s++) {
            Element section = (Element) sections.item(s);
            if (!"project".equals(section.getParentNode().getNodeName())) {
                continue; // dependencyManagement and plugins declare, they do not depend
            }
            NodeList entries = section.getElementsByTagName("dependency");
            for (int d = 0; d < entries.getLength(); d++) {
                Element dependency = (Element) entries.item(d);
                if ("dev.sfbridge".equals(childText(dependency, "groupId"))) {
                    String scope = childText(dependency, "scope");
                    dependencies.add(new Dependency(childText(dependency, "artifactId"), scope == null ? "compile" : scope));
                }
            }
        }
        return dependencies;
    }

    private static Document pom(Path path) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(Files.newInputStream(path));
    }

    private static String childText(Element parent, String name) {
        for (var node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element child && child.getTagName().equals(name)) {
                return child.getTextContent().trim();
            }
        }
        return null;
    }

    private record Dependency(String artifactId, String scope) {}
}
