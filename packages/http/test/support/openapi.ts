import { Ajv2020 } from "ajv/dist/2020.js";
import formatsModule from "ajv-formats";
import { openApiDocument } from "../../src/index";

// ajv-formats is CommonJS; depending on the loader its plugin is the module or its default.
const addFormats =
  (formatsModule as unknown as { default?: typeof formatsModule }).default ?? formatsModule;

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(openApiDocument as unknown as object, "openapi");

type Operation = { responses: Record<string, { content?: Record<string, { schema: object }> }> };
type PathItem = Record<string, Operation>;
const paths = openApiDocument.paths as unknown as Record<string, PathItem>;

const templates = Object.keys(paths).map((template) => ({
  template,
  pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`),
}));

/** The documented path template a concrete path falls under, e.g. `/v1/runs/{id}`. */
export const templateOf = (path: string): string | undefined =>
  templates.find((t) => t.pattern.test(path.split("?")[0] ?? ""))?.template;

const validators = new Map<string, ReturnType<typeof ajv.compile>>();
const validatorFor = (pointer: string) => {
  let validate = validators.get(pointer);
  if (validate === undefined) {
    const found = ajv.getSchema(`openapi#${pointer}`);
    if (found === undefined) throw new Error(`no schema at ${pointer}`);
    validate = found;
    validators.set(pointer, validate);
  }
  return validate;
};

const pointerSegment = (segment: string): string =>
  segment.replace(/~/g, "~0").replace(/\//g, "~1");

/**
 * Fails unless the response is one the document promises: a status listed for the operation
 * and a body matching that status's schema. Paths the document does not know must answer with
 * its `Error` schema (a 404 from the router, a 401 from auth).
 */
export const assertDocumented = (
  method: string,
  path: string,
  status: number,
  body: unknown,
): void => {
  const template = templateOf(path);
  const operation = template === undefined ? undefined : paths[template]?.[method.toLowerCase()];
  let pointer: string;
  if (operation === undefined) {
    if (status < 400) throw new Error(`${method} ${path} answered ${status} but is not documented`);
    pointer = "/components/schemas/Error";
  } else {
    if (operation.responses[String(status)] === undefined) {
      throw new Error(
        `${method} ${template}: status ${status} is not documented (body ${JSON.stringify(body)})`,
      );
    }
    pointer = `/paths/${pointerSegment(template as string)}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
  }
  const validate = validatorFor(pointer);
  if (!validate(body)) {
    throw new Error(
      `${method} ${path} → ${status}: body does not match ${pointer}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body, null, 2).slice(0, 2000)}`,
    );
  }
};
