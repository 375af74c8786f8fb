/** The rule check beside the nomination form: where it stands, what is missing, the problems found. */
import { ProblemList } from '../../components/nomination-check';
import { Button, ProblemMessage } from '../../components/ui';
import { useT } from '../../i18n';
import type { NominationCheck, NominationProblem } from '../../types';
import { S } from './strings';
import type { SingleNominationState } from './use-single-nomination';

export function CheckPanel({ nomination }: { nomination: SingleNominationState }) {
  const t = useT();
  const { body, check, problems, missing } = nomination;
  const current = check.stale ? undefined : check.result;
  return (
    <aside class="card check-panel" aria-labelledby="check-title">
      <h2 id="check-title">{t(S.check)}</h2>
      <CheckStatus body={body} checking={check.checking || check.stale} result={current} problems={problems} complete={missing.length === 0} />
      {check.error ? <ProblemMessage error={check.error} /> : null}
      {missing.length > 0 ? <p class="check-missing">{t(S.missing, { fields: nomination.missingNames })}</p> : null}
      {problems.length > 0 ? <ProblemList problems={problems} homeAffairs={nomination.homeAffairs} /> : null}
      <p class="hint">{t(S.checkNote)}</p>
      <Button onClick={check.run} disabled={!body} busy={check.checking}>
        {t(S.checkAgain)}
      </Button>
    </aside>
  );
}

/** One line that says where the check is: waiting for the form, running, clear, or how many problems. */
function CheckStatus({ body, checking, result, problems, complete }: { body: unknown; checking: boolean; result: NominationCheck | undefined; problems: NominationProblem[]; complete: boolean }) {
  const t = useT();
  let text: string;
  let tone = '';
  if (!body) text = t(S.waiting);
  else if (checking && !result) text = t(S.checking);
  else if (!result) text = t(S.checking);
  else if (problems.length === 0 && !complete) text = t(S.okSoFar);
  else if (problems.length === 0) {
    text = t(S.ok);
    tone = ' check-ok';
  } else {
    text = problems.length === 1 ? t(S.foundOne) : t(S.found, { n: problems.length });
    tone = ' check-bad';
  }
  return (
    <p class={`check-status${tone}`} role="status" aria-live="polite">
      {text}
      {checking && result ? <span class="check-refreshing"> · {t(S.checking)}</span> : null}
    </p>
  );
}
