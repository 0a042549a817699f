package dev.sfbridge.sync;

import static dev.sfbridge.testing.SalesforceMetadata.SOURCE;
import static dev.sfbridge.testing.SalesforceMetadata.childWhere;
import static dev.sfbridge.testing.SalesforceMetadata.children;
import static dev.sfbridge.testing.SalesforceMetadata.read;
import static dev.sfbridge.testing.SalesforceMetadata.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sfbridge.config.Env;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * salesforce/ holds what the batch sync writes, by its own defaults (SyncConfig's mapping, not a second list):
 * the object with every column's field, none required, each editable by the integration user with create and edit on
 * the object; the external ID and the parent's key unique, case-insensitive external IDs; the parent column's lookup
 * pointing at the object that holds the key, which the integration user reads and never writes.
 * (The rest of salesforce/: SalesforceMetadataTest in salesforce-callback.)
 */
class SyncMetadataTest {
    /** Account fields every user who reads Accounts reads: Salesforce has no field permission for them. */
    private static final Set<String> NOT_PERMISSIONABLE = Set.of("Id", "SystemModstamp", "IsDeleted", "Name");
    private static final Path PERMISSION_SET = SOURCE.resolve("permissionsets/SFBridge_Integration.permissionset-meta.xml");

    @Test
    void theObjectHasEveryFieldTheMappingWritesAndTheIntegrationUserMayUpsertThem() throws Exception {
        InvoiceMapping mapping = SyncConfig.from(new Env(SyncConfigTest.REQUIRED)).invoiceMapping();
        Path object = SOURCE.resolve("objects").resolve(mapping.object());
        Element permissions = read(PERMISSION_SET).getDocumentElement();

        Set<String> written = new TreeSet<>();
        for (String column : mapping.header()) {
            // an external-ID reference X__r.Key__c sets the lookup field X__c
            String field = column.equals(mapping.parentColumn()) ? column.substring(0, column.indexOf("__r.")) + "__c" : column;
            written.add(field + ".field-meta.xml");
            Element definition = read(object.resolve("fields").resolve(field + ".field-meta.xml")).getDocumentElement();
            assertEquals(field, text(definition, "fullName"));
            // a required field takes no field permissions, and a row without it would fail
            assertEquals("false", text(definition, "required"), field);
            Element granted = childWhere(permissions, "fieldPermissions", "field", mapping.object() + "." + field);
            assertEquals(List.of("true", "true"), List.of(text(granted, "readable"), text(granted, "editable")), field);
        }
        try (Stream<Path> files = Files.list(object.resolve("fields"))) {
            assertEquals(written, files.map(f -> f.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new)),
                    "the object's fields are the ones the sync writes");
        }
        Element upsert = childWhere(permissions, "objectPermissions", "object", mapping.object());
        assertEquals(List.of("true", "true", "true", "false"), List.of(text(upsert, "allowRead"), text(upsert, "allowCreate"),
                text(upsert, "allowEdit"), text(upsert, "allowDelete")), "an upsert creates and edits");

        assertUniqueExternalId(read(object.resolve("fields").resolve(mapping.externalIdField() + ".field-meta.xml")).getDocumentElement());
        String lookup = mapping.parentColumn().substring(0, mapping.parentColumn().indexOf("__r."));
        Element parent = read(object.resolve("fields").resolve(lookup + "__c.field-meta.xml")).getDocumentElement();
        assertEquals("Lookup", text(parent, "type"));
        String parentObject = text(parent, "referenceTo");
        String parentKey = mapping.parentColumn().substring(mapping.parentColumn().indexOf("__r.") + 4);
        assertUniqueExternalId(read(SOURCE.resolve("objects").resolve(parentObject).resolve("fields")
                .resolve(parentKey + ".field-meta.xml")).getDocumentElement());
        Element key = childWhere(permissions, "fieldPermissions", "field", parentObject + "." + parentKey);
        assertEquals("true", text(key, "readable"), "the reference reads the parent's key");
        assertEquals("true", text(childWhere(permissions, "objectPermissions", "object", parentObject), "allowRead"));
        // the sync reads accounts; it never writes one
        children(permissions, "fieldPermissions").stream().filter(p -> text(p, "field").startsWith(parentObject + "."))
                .forEach(p -> assertEquals("false", text(p, "editable"), text(p, "field")));
    }

    @Test
    void everyAccountFieldTheAccountsSyncReadsExistsAndTheIntegrationUserMayReadIt() throws Exception {
        AccountMapping mapping = SyncConfig.from(new Env(SyncConfigTest.REQUIRED)).accountMapping();
        Element permissions = read(PERMISSION_SET).getDocumentElement();
        assertEquals("true", text(childWhere(permissions, "objectPermissions", "object", "Account"), "allowRead"));

        for (String field : mapping.selected()) {
            if (NOT_PERMISSIONABLE.contains(field)) {
                continue;
            }
            if (field.endsWith("__c")) {
                Element definition = read(SOURCE.resolve("objects/Account/fields").resolve(field + ".field-meta.xml")).getDocumentElement();
                assertEquals(field, text(definition, "fullName"));
            }
            assertEquals("true", text(childWhere(permissions, "fieldPermissions", "field", "Account." + field), "readable"), field);
        }
        assertUniqueExternalId(read(SOURCE.resolve("objects/Account/fields").resolve(mapping.fields().get("customerNumber")
                + ".field-meta.xml")).getDocumentElement());
    }

    /** An external ID that finds one record: a number in one record only, whatever its letters' case. */
    private static void assertUniqueExternalId(Element field) {
        assertEquals(List.of("Text", "true", "true", "false"), List.of(text(field, "type"), text(field, "externalId"),
                text(field, "unique"), text(field, "caseSensitive")), text(field, "fullName"));
    }
}
