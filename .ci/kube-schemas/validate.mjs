// Validates rendered Kubernetes manifests against the API's schemas: the OpenAPI schemas of the
// Kubernetes API (package kubernetes-models) and of the Prometheus Operator's CRDs
// (@kubernetes-models/prometheus-operator), compiled to JSON Schema validators (ajv).
//
//   node validate.mjs FILE...    (multi-document YAML, as `helm template` prints it)
//
// Every object must be of a known apiVersion/kind and valid; prints one line per object checked
// and exits 1 on the first file with an invalid or unknown object.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

// apiVersion -> module prefix. The core group ("v1") lives at kubernetes-models/v1.
function modulePath(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  if (group === "monitoring.coreos.com") {
    return `@kubernetes-models/prometheus-operator/${group}/${version}/${kind}`;
  }
  return group ? `kubernetes-models/${group}/${version}/${kind}` : `kubernetes-models/${version}/${kind}`;
}

let failures = 0;
for (const file of process.argv.slice(2)) {
  const docs = parseAllDocuments(readFileSync(file, "utf8"));
  for (const doc of docs) {
    if (doc.errors.length) {
      console.error(`${file}: not YAML: ${doc.errors[0].message}`);
      failures++;
      continue;
    }
    const object = doc.toJS();
    if (object == null) continue;
    const where = `${file}: ${object.kind ?? "?"} ${object.metadata?.name ?? "?"}`;
    if (!object.apiVersion || !object.kind) {
      console.error(`${where}: no apiVersion or kind`);
      failures++;
      continue;
    }
    let Model;
    try {
      Model = (await import(modulePath(object.apiVersion, object.kind)))[object.kind];
    } catch {
      Model = undefined;
    }
    if (typeof Model !== "function") {
      console.error(`${where}: no schema for ${object.apiVersion} ${object.kind}`);
      failures++;
      continue;
    }
    try {
      new Model(object).validate();
      console.log(`${where}: valid ${object.apiVersion}`);
    } catch (error) {
      console.error(`${where}: invalid ${object.apiVersion}: ${error.message}`);
      for (const detail of error.errors ?? []) {
        console.error(`  ${detail.instancePath || "/"} ${detail.message}${detail.params ? " " + JSON.stringify(detail.params) : ""}`);
      }
      failures++;
    }
  }
}
process.exit(failures ? 1 : 0);
