/** A valid CRD whose every string the docs show is hostile: markup, script, table breakers, line breaks. */

export const HOSTILE = {
  script: '<script>alert(1)</script>',
  closeScript: '</script><script>alert(2)</script>',
  attribute: '" onload="alert(3)',
  link: '[click](javascript:alert(4))',
  image: '<img src=x onerror=alert(5)>',
  comment: '<!-- --> <!--',
  pipes: 'a | b || c',
  lines: 'first line\nsecond line\r\n\nnew paragraph\u2028after a separator',
  markup: '**bold** _em_ `code` # heading &amp; ~~gone~~',
} as const;

export const HOSTILE_DESCRIPTION = Object.values(HOSTILE).join(' ');
/** Field names the apiserver accepts as property names. */
export const HOSTILE_NAMES = ['<img src=x onerror=alert(6)>', 'a|b', '`tick`', '</script>', 'x.y', '__proto__'];
export const LONG = 'long '.repeat(20_000);

export function hostileCrd(): string {
  const properties: Record<string, unknown> = {};
  // defineProperty: `properties.__proto__ = …` would set the prototype, not a field.
  for (const name of HOSTILE_NAMES)
    Object.defineProperty(properties, name, { value: { type: 'string', description: HOSTILE_DESCRIPTION }, enumerable: true });
  properties.choice = {
    type: 'string',
    description: LONG,
    enum: [HOSTILE.script, HOSTILE.pipes, HOSTILE.closeScript],
    pattern: '^(a|b|\\||</script>)$',
    'x-kubernetes-validations': [{ rule: "self != '</script>' || self.size() > 1", message: HOSTILE.image }],
  };
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { kind: 'Widget', plural: 'widgets', shortNames: ['w'] },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          additionalPrinterColumns: [{ name: HOSTILE.pipes, type: 'string', jsonPath: '.spec.choice', description: HOSTILE.script }],
          schema: {
            openAPIV3Schema: {
              type: 'object',
              description: HOSTILE_DESCRIPTION,
              'x-kubernetes-validations': [{ rule: 'self.metadata.name.size() < 64', message: HOSTILE.pipes }],
              properties: {
                spec: { type: 'object', description: HOSTILE.closeScript, properties },
                status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
              },
            },
          },
        },
      ],
    },
  };
  // JSON is YAML; a JSON file keeps every character as given (\u2028 included).
  return JSON.stringify(crd, null, 2);
}
