#!/usr/bin/env bash
# `npm run fuzz`: the API fuzzing spec at length. Every phase (examples, coverage, fuzzing, stateful)
# for every pass (Home Affairs, HR officer, no session) and 50 examples per operation and phase,
# against the real API, worker, PostgreSQL and Temporal that Jest starts; CI runs the same spec
# bounded, with a fixed seed. FUZZ_MAX_EXAMPLES, FUZZ_PHASES and FUZZ_SEED change the run; FUZZ_API_URL fuzzes an API
# already running instead (its data is changed: use a throwaway stack). Reports (JUnit, one file a
# pass) go to .test-results/fuzz/.
set -euo pipefail
cd "$(dirname "$0")/../.."
export FUZZ_MAX_EXAMPLES="${FUZZ_MAX_EXAMPLES:-50}"
export FUZZ_PHASES="${FUZZ_PHASES:-examples,coverage,fuzzing,stateful}"
# A new seed each run (CI keeps a fixed one); schemathesis prints it, and FUZZ_SEED=<it> replays the run.
export FUZZ_SEED="${FUZZ_SEED:-random}"
exec npx jest --runTestsByPath test/e2e/api-fuzz.e2e-spec.ts "$@"
