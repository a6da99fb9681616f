/**
 * The five output formats of `gen-operator validate`: human (default), json, junit (one test case
 * per document), github (workflow commands that annotate the pull request), sarif (2.1.0, for code
 * scanning). Each takes the same verdicts and returns the whole text.
 */
import { formatDiagnostic, HINT_LABEL, jsonSafe, type Paint, plain, printable } from '../diagnostics.js';
import type { DocumentVerdict, Finding } from './findings.js';

export type OutputFormat = 'human' | 'json' | 'junit' | 'github' | 'sarif';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['human', 'json', 'junit', 'github', 'sarif'];

export interface Report {
  /** Findings about the input as a whole: CRD checks, YAML syntax, unreadable files. */
  inputFindings: Finding[];
  verdicts: DocumentVerdict[];
  crds: number;
}

/** Every text from the input goes through printable(): no control character reaches the terminal. */
const humanLine = (f: Finding, paint: Paint) => formatDiagnostic(f, paint, { rule: true });

const byPosition = (a: Finding, b: Finding) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col;

/** Input findings first, then each document's, each group in source order. */
export function allFindings(report: Report): Finding[] {
  return [...[...report.inputFindings].sort(byPosition), ...report.verdicts.flatMap((v) => [...v.findings].sort(byPosition))];
}

function human(report: Report, paint: Paint): string {
  const lines = allFindings(report).map((f) => humanLine(f, paint));
  const invalid = report.verdicts.filter((v) => !v.valid).length;
  const errors = allFindings(report).filter((f) => f.severity === 'error').length;
  const summary = `${report.verdicts.length} resource${report.verdicts.length === 1 ? '' : 's'} checked against ${report.crds} CRD${report.crds === 1 ? '' : 's'}: ${
    invalid ? paint('red', `${invalid} invalid`) : paint('green', 'all valid')
  }${errors ? `, ${errors} error${errors === 1 ? '' : 's'}` : ''}`;
  return `${[...lines, summary].join('\n')}\n`;
}

function json(report: Report): string {
  return `${jsonText({
    valid: !allFindings(report).some((f) => f.severity === 'error'),
    crds: report.crds,
    resources: report.verdicts.map((v) => ({ file: v.file, document: v.index, object: v.object, valid: v.valid, findings: v.findings })),
    input: report.inputFindings,
  })}\n`;
}

const jsonText = (value: unknown) => jsonSafe(JSON.stringify(value, null, 2));

/**
 * Text for an XML 1.0 attribute or element: characters XML forbids (most C0 controls, lone
 * surrogates, U+FFFE/U+FFFF) and the ones a terminal would act on become visible escapes first.
 */
const entities = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
const xml = (s: string) => entities(printable(s));

function junit(report: Report): string {
  const byFile = new Map<string, DocumentVerdict[]>();
  for (const v of report.verdicts) byFile.set(v.file, [...(byFile.get(v.file) ?? []), v]);
  const suites = [...byFile].map(([file, verdicts]) => {
    const failures = verdicts.filter((v) => !v.valid).length;
    const cases = verdicts.map((v) => {
      const errors = v.findings.filter((f) => f.severity === 'error').sort(byPosition);
      const body = errors.length
        ? `\n      <failure message="${xml(errors[0]?.message ?? '')}" type="${xml(errors[0]?.code ?? '')}">${entities(errors.map((f) => humanLine(f, plain)).join('\n'))}</failure>\n    `
        : '';
      return `    <testcase classname="${xml(file)}" name="${xml(`${v.object} (document ${v.index + 1})`)}">${body}</testcase>`;
    });
    return `  <testsuite name="${xml(file)}" tests="${verdicts.length}" failures="${failures}" errors="0">\n${cases.join('\n')}\n  </testsuite>`;
  });
  const input = report.inputFindings.filter((f) => f.severity === 'error');
  if (input.length)
    suites.push(
      `  <testsuite name="input" tests="${input.length}" failures="${input.length}" errors="0">\n${input
        .map(
          (f) =>
            `    <testcase classname="${xml(f.file)}" name="${xml(f.code)}"><failure message="${xml(f.message)}" type="${xml(f.code)}"/></testcase>`,
        )
        .join('\n')}\n  </testsuite>`,
    );
  const tests = report.verdicts.length + input.length;
  const failures = report.verdicts.filter((v) => !v.valid).length + input.length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="gen-operator validate" tests="${tests}" failures="${failures}">\n${suites.join('\n')}\n</testsuites>\n`;
}

const ghEscape = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const ghProp = (s: string) => ghEscape(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

function github(report: Report): string {
  return allFindings(report)
    .map((f) => {
      const level = f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
      const title = ghProp(`${f.code}${f.path ? ` at ${f.path}` : ''}`);
      const text = ghEscape(`${f.object ? `${f.object}: ` : ''}${f.message}${f.hint ? ` (${HINT_LABEL}: ${f.hint})` : ''}`);
      // After ghEscape (which keeps line breaks as %0A), any other control character is made visible.
      return `${printable(`::${level} file=${ghProp(f.file)},line=${f.line},col=${f.col},title=${title}::${text}`)}\n`;
    })
    .join('');
}

function sarif(report: Report, version: string): string {
  const findings = allFindings(report);
  const rules = [...new Set(findings.map((f) => f.code))].sort();
  return `${jsonText({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'gen-operator validate', version, rules: rules.map((id) => ({ id, shortDescription: { text: id } })) } },
        results: findings.map((f) => ({
          ruleId: f.code,
          ruleIndex: rules.indexOf(f.code),
          level: f.severity === 'note' ? 'note' : f.severity,
          message: {
            text: `${f.object ? `${f.object}: ` : ''}${f.message}${f.path ? ` (${f.path})` : ''}${f.hint ? `. Fix: ${f.hint}` : ''}`,
          },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: f.file.split('\\').join('/') },
                region: { startLine: f.line, startColumn: f.col },
              },
            },
          ],
        })),
      },
    ],
  })}\n`;
}

export function formatReport(report: Report, format: OutputFormat, options: { paint?: Paint; version?: string } = {}): string {
  switch (format) {
    case 'json':
      return json(report);
    case 'junit':
      return junit(report);
    case 'github':
      return github(report);
    case 'sarif':
      return sarif(report, options.version ?? '0.0.0');
    default:
      return human(report, options.paint ?? plain);
  }
}
