// Type-checked by `tsc -p test/tsconfig.json` against the built package's declarations: the API as
// a TypeScript user writes it. (Not run; the Node tests run the same calls.)
import init, {
  compile,
  check,
  completions,
  loadLibrary,
  loadCompiled,
  loadCompiledLibrary,
  version,
  codes,
  Library,
  RuleSet,
  TieuchiError,
  type DiagnosticRecord,
  type FieldSchema,
  type InputSchema,
  type BatchRow,
  type CodeInfo,
  type Completion,
  type ResultRecord,
  type Status,
} from '../pkg/tieuchi.js';

export async function example(source: string): Promise<string> {
  await init();
  const rules: RuleSet = compile(source, { name: 'x.tieuchi' });
  const schema: InputSchema = rules.inputs();
  const numbers: FieldSchema[] = schema.fields.filter((f) => f.type === 'number' || f.type === 'percent');
  const members: FieldSchema[] = schema.fields.flatMap((f) => f.fields ?? []);
  const tiers: string[] = schema.outcome.tiers.map((t) => t.label);
  const warnings: DiagnosticRecord[] = rules.check();
  const all: DiagnosticRecord[] = check(source);
  const offered: Completion[] = completions(source, source.length, { name: 'x.tieuchi' });
  const keywords: string[] = offered.filter((c) => c.kind === 'keyword').map((c) => c.label);
  try {
    const result: ResultRecord = rules.evaluate({ diem: '72.5', co: true, ds: [{ a: 1n }] }, { on: '2026-12-10', trace: false });
    const simulated: ResultRecord = rules.evaluate({ diem: 90 }, { lang: 'en', params: { nguong_htxs: 85, ty_le: '70%', bat: true } });
    const overridden: boolean = simulated.params?.['nguong_htxs']?.overridden ?? false;
    const englishWarnings: DiagnosticRecord[] = [...rules.check({ lang: 'en' }), ...check(source, { lang: 'vi-VN' })];
    const status: Status = result.status;
    const fingerprint: string = result.rules.sha256;
    const engine: string = `${result.engine.name} ${result.engine.version}`;
    const reached: string | undefined = result.outcome?.by_score?.id;
    const headings: CodeInfo[] = codes().filter((c) => c.kind === 'finding' && c.heading !== undefined);
    const total: string | null = result.scores['tong']?.value ?? null;
    const fired = result.findings.filter((f) => f.code === 'knockout' && f.applied).map((f) => f.source ?? f.label);
    return `${version()} ${status} ${fingerprint} ${engine} ${reached ?? ''} ${result.outcome?.label ?? ''} ${total} ${fired.join()} ${numbers.length} ${members.length} ${tiers} ${warnings.length} ${all.length} ${headings.length} ${keywords.length} ${overridden} ${englishWarnings.length}`;
  } catch (error) {
    if (error instanceof TieuchiError) {
      const where: string = error.line !== undefined ? `${error.line}:${error.column}` : error.field ?? '';
      const problems = (error.errors ?? []).map((e) => `${e.field}: ${e.code}`);
      return `${error.kind} ${error.code} ${where} ${error.help ?? ''} ${problems.join()}`;
    }
    throw error;
  } finally {
    rules.free();
  }
}

export function many(files: Record<string, string>): string {
  const library: Library = loadLibrary(files);
  const rows: BatchRow[] = library.evaluateMany('cong_chuc_nd335', [{ id: 'A', on: '2026-03-01', tieu_chi_chung: '30' }]);
  const lowered = rows.filter((r) => r.decided_by === 'quota').map((r) => `${r.subject}: ${r.outcome} (${r.ruleset})`);
  const errors = rows.flatMap((r) => r.errors ?? []).map((e) => `${e.field}: ${e.code}`);
  const rules: RuleSet = library.select('cong_chuc_nd335', { on: '2026-03-01' });
  const again: BatchRow[] = rules.evaluateMany([{ id: 'B' }], { on: null });
  const one: ResultRecord = library.evaluate('cong_chuc_nd335', { id: 'C' }, { trace: false });
  library.free();
  return `${lowered.join()} ${errors.join()} ${again.length} ${one.status} ${library.ids.length}`;
}

// Rules compiled once, carried as bytes, loaded where there is no compiler (`tieuchi-wasm/evaluate`).
export function carried(source: string, files: Record<string, string>): string {
  const bytes: Uint8Array = compile(source).toBytes();
  const rules: RuleSet = loadCompiled(bytes);
  const library: Library = loadCompiledLibrary(loadLibrary(files).toBytes({ lang: 'en' }));
  return `${rules.id} ${library.ids.length}`;
}
