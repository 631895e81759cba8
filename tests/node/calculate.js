// Evaluates every SDC calculatedExpression of a Questionnaire on QuestionnaireResponses with the npm `fhirpath`
// engine (FHIR R4 model), for tests/test_fhir_scoring.py.
// stdin: {"questionnaire": {...}, "responses": [{...}, ...]}
// stdout: one object per response, {linkId: [values]} (an empty list when the expression yields nothing).
"use strict";
const fhirpath = require("fhirpath");
const r4 = require("fhirpath/fhir-context/r4");

const URL = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression";

function rules(items, out = []) {
  for (const item of items || []) {
    for (const ext of item.extension || []) {
      if (ext.url === URL) out.push([item.linkId, ext.valueExpression.expression]);
    }
    rules(item.item, out);
  }
  return out;
}

let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const { questionnaire, responses } = JSON.parse(input);
  const compiled = rules(questionnaire.item).map(([linkId, expression]) => [linkId, fhirpath.compile(expression, r4)]);
  const results = responses.map((response) => {
    const values = {};
    for (const [linkId, rule] of compiled) {
      values[linkId] = rule(response, { resource: response, questionnaire });
    }
    return values;
  });
  process.stdout.write(JSON.stringify(results));
});
