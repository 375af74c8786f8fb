import { failuresByCheck, generatedCases } from './schemathesis';

/** The figures the fuzzing spec reports are read from schemathesis' summary, as 4.32.5 prints it. */
describe("reading schemathesis' summary", () => {
  const summary = `
    ============================= SUMMARY =============================

    Failures:
      ❌ ST108 Response violates schema: 26
      ❌ ST105 Undocumented Content-Type: 2

    Errors:
      🚫 Runtime Error: 1

    Test Phases:
      ❌ Examples
      ✅ Coverage

    Test cases:
      3,789 generated, 21 found 29 unique failures
  `;

  it('counts failures and errors by kind, and the test cases generated', () => {
    expect(failuresByCheck(`❌ ST101 Server error: 9 (before the summary: not counted)\n${summary}`)).toEqual({
      'ST108 Response violates schema': 26,
      'ST105 Undocumented Content-Type': 2,
      'Runtime Error': 1,
    });
    expect(generatedCases(summary)).toBe(3789);
  });

  it('reads a clean run as no failures', () => {
    expect(failuresByCheck(' SUMMARY \n  Test cases:\n    4083 generated, 4083 passed\n')).toEqual({});
    expect(generatedCases('Test cases:\n  4083 generated, 4083 passed')).toBe(4083);
  });
});
