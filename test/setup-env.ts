// Lint warnings printed during synthesis are a user-facing report; the tests assert findings
// directly (lint(), lintConstructTree) and keep the output quiet. Tests of the report itself set
// the variable back.
process.env.NETPATTERNS_LINT_WARNINGS = process.env.NETPATTERNS_LINT_WARNINGS ?? 'off';
