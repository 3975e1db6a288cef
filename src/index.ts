/**
 * pgdrift as a library: the same functions the CLI calls.
 *
 * @example
 * import { snapshot, check } from 'pgdrift';
 * const report = await check(await snapshot('db/schema.sql'), await snapshot(process.env.DATABASE_URL!));
 * console.log(report.summary);
 */
export { snapshot, sourceKind, type SourceOptions, type SourceKind } from './sources/resolve.js';
export { snapshotDatabase } from './sources/database.js';
export { snapshotSqlSource } from './sources/sql-files.js';
export { snapshotModels, modelsSnapshot, type ModelsSnapshotOptions } from './sources/models/snapshot-models.js';
export { readModels, type ModelsRead, type ReadModelsOptions } from './sources/models/read-models.js';
export { checkModels, type ModelsCheck, type ModelsCheckOptions } from './check-models/check-models.js';
export type { ModelsFinding, Side } from './check-models/findings.js';
export { inModelScope, NOT_DECLARED_BY_MODELS } from './compare/model-scope.js';
export { renderModelsCheckText, renderModelsCheckJson, renderModelsCheckMarkdown } from './report/models-check.js';
export { introspect } from './catalog/introspect.js';
export type { Queryable, IntrospectOptions } from './catalog/queryable.js';
export { compare } from './compare/compare.js';
export { check } from './check.js';
export { buildReport, type Report } from './report/report.js';
export { renderText } from './report/text.js';
export { renderJson } from './report/json.js';
export { renderMarkdown } from './report/markdown.js';
export { planChanges, planMigration } from './ddl/plan.js';
export type { DdlPlan, DdlStatement, Hazard, ManualChange, PlanOptions } from './ddl/statement.js';
export { renderSqlScript, renderSqlSummary, scriptHeader } from './report/sql-script.js';
export { serializeSnapshot, parseSnapshot, readSnapshotFile } from './model/json.js';
export * from './model/snapshot.js';
export * from './compare/change.js';
export { PgdriftError, InputError, ConnectionError } from './errors.js';
export { withProgress, type ProgressListener } from './progress.js';
export * from './migrations/index.js';
export { diagnose, diagnoseHistory, type DiagnoseOptions } from './diagnose/diagnose.js';
export type { Diagnosis, DiagnosisState, DriftFinding, PartialRevision, RevisionObjectFinding } from './diagnose/diagnosis.js';
export type { Remedy, RemedyKind } from './diagnose/remedy.js';
export type { Origin } from './diagnose/attribution.js';
export { lintMigrations, type LintOptions } from './lint/lint.js';
export { RULES as LINT_RULES, type LintFinding, type LintResult, type RuleId as LintRuleId } from './lint/finding.js';
export { renderLintText, renderLintJson, renderLintMarkdown } from './report/lint-report.js';
export { renderDiagnosisText } from './report/diagnose-text.js';
export { renderDiagnosisJson } from './report/diagnose-json.js';
export { renderRemedyScript } from './report/remedy-script.js';
