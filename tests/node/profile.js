// Checks resources against the SDC StructureDefinitions they declare in meta.profile, as far as FHIRPath goes:
// every invariant (constraint) of every element of the profile's snapshot, evaluated with the npm `fhirpath`
// engine on each place the element occurs, and each element's cardinality (min..max), slices and choice types
// aside. For tests/test_fhir_profiles.py.
// stdin: {"definitions": {url: StructureDefinition}, "resources": [...]}
// stdout: one object per resource: {"problems": [...] (errors), "warnings": [...] (invariants of severity
//         warning), "checked": {"constraints": n, "cardinalities": n}, "not_evaluated": [...]}
"use strict";
const fhirpath = require("fhirpath");
const r4 = require("fhirpath/fhir-context/r4");

const RECURSION = {
  Questionnaire: "repeat(item)",
  QuestionnaireResponse: "repeat(item | answer.item)",
};

// The FHIRPath that reaches every place an element path occurs: nested items included.
function places(path) {
  const [root, ...rest] = path.split(".");
  if (rest[0] === "item" && RECURSION[root]) rest[0] = RECURSION[root];
  return [root, ...rest].join(".");
}

function check(resource, definitions) {
  const problems = [];
  const warnings = [];
  const checked = { constraints: 0, cardinalities: 0 };
  const notEvaluated = [];
  const vars = { resource, rootResource: resource };
  const quiet = { traceFn: () => {} }; // some invariants call trace(), which prints by default
  const run = (expression) => fhirpath.evaluate(resource, expression, vars, r4, quiet);
  const seen = new Set(); // an invariant or cardinality shared by several profiles is checked once
  for (const url of (resource.meta && resource.meta.profile) || []) {
    const definition = definitions[url];
    if (!definition) {
      if (url.startsWith("http://hl7.org/fhir/uv/sdc/")) problems.push(`${url}: no such profile in the SDC package`);
      continue;
    }
    if (definition.type !== resource.resourceType) problems.push(`${url}: a profile on ${definition.type}`);
    for (const element of definition.snapshot.element) {
      if (element.contentReference || element.sliceName || element.id.includes(":")) continue;
      const path = element.path;
      for (const constraint of element.constraint || []) {
        const key = `${constraint.key}@${path}`;
        if (seen.has(`${key}:${constraint.expression}`) || !constraint.expression) continue;
        seen.add(`${key}:${constraint.expression}`);
        if (path.includes("[x]")) { notEvaluated.push(key); continue; }
        const expression = `${places(path)}.all(${constraint.expression})`;
        try {
          const result = run(expression);
          checked.constraints += 1;
          if (!(result.length === 1 && result[0] === true)) {
            const found = constraint.severity === "error" ? problems : warnings;
            found.push(`${url} ${constraint.key} at ${path}: ${constraint.human}`);
          }
        } catch (error) {
          notEvaluated.push(`${key}: ${String(error.message || error).slice(0, 120)}`);
        }
      }
      const cut = path.lastIndexOf(".");
      if (cut < 0 || path.includes("[x]")) continue;
      const parent = path.slice(0, cut);
      const name = path.slice(cut + 1);
      if (name === "id" || name === "url" && parent.endsWith(".extension")) continue;
      const limits = [`${name}.count() >= ${element.min || 0}`];
      if (element.max && element.max !== "*") limits.push(`${name}.count() <= ${element.max}`);
      if (seen.has(`${path}:${limits}`)) continue;
      seen.add(`${path}:${limits}`);
      try {
        const result = run(`${places(parent)}.all(${limits.join(" and ")})`);
        checked.cardinalities += 1;
        if (!(result.length === 1 && result[0] === true)) {
          problems.push(`${url} ${path}: not ${element.min}..${element.max}`);
        }
      } catch (error) {
        notEvaluated.push(`cardinality of ${path}: ${String(error.message || error).slice(0, 120)}`);
      }
    }
  }
  return { problems, warnings, checked, not_evaluated: notEvaluated };
}

let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const { definitions, resources } = JSON.parse(input);
  process.stdout.write(JSON.stringify(resources.map((resource) => check(resource, definitions))));
});
