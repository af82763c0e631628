#!/usr/bin/env bash
# The VS Code extension (editors/vscode): its TextMate grammar tokenizes a rule file of the
# library as expected. Installs its npm packages (from package-lock.json) first.
set -euo pipefail
cd "$(dirname "$0")/../editors/vscode"
npm ci --no-audit --no-fund --loglevel=error
npm test
