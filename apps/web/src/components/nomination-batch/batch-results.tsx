/** The results table of a batch nomination, shown once the list is sent. */
import { useT } from '../../i18n';
import { Link } from '../../router';
import { useSession } from '../../session';
import type { BatchResult } from '../../types';
import { useUnits } from '../combobox';
import { ProblemList, problemsOfRefusal } from '../nomination-check';
import { Button } from '../ui';
import { LeadingHeads } from './batch-table';
import type { Row } from './rows';
import { S } from './strings';

/** After the submit: each row and what happened to it, with a link to its case. */
export function BatchResults({ result, rows, onNew }: { result: BatchResult; rows: Row[]; onNew: () => void }) {
  const t = useT();
  const communes = useUnits('commune');
  const { me } = useSession();
  const nameOf = (id: string | null) => communes.find((unit) => unit.id === id)?.name ?? id ?? '';
  return (
    <section class="card" aria-labelledby="batch-results-title">
      <h2 id="batch-results-title" tabIndex={-1}>
        {t(S.results)}
      </h2>
      <p class="notice" role="status">
        {t(S.resultSummary, { done: result.done, refused: result.refused })}
      </p>
      <div class="table-wrap">
        <table class="cards">
          <thead>
            <tr>
              <LeadingHeads />
              <th scope="col">{t(S.result)}</th>
            </tr>
          </thead>
          <tbody>
            {result.results.map((item, i) => {
              const index = item.index ?? i;
              const row = rows[index];
              return (
                <tr key={item.caseId} data-row-result={index + 1}>
                  <td data-label={t(S.no)}>{index + 1}</td>
                  <td data-label={t(S.official)}>{row ? `${row.officialName || row.officialId} (${row.officialId})` : ''}</td>
                  <td data-label={t(S.commune)}>{nameOf(row?.communeId ?? null)}</td>
                  <td data-label={t(S.result)}>
                    {item.status === 'done' ? (
                      <span class="row-result-done">
                        {t(S.done)}: <Link href={`/cases/${encodeURIComponent(item.caseId)}`}>{item.caseId}</Link>
                      </span>
                    ) : item.status === 'refused' ? (
                      <>
                        <span class="row-result-refused">{t(S.refused)}</span>
                        {item.problem ? <ProblemList problems={problemsOfRefusal(item.problem)} homeAffairs={me?.role === 'home_affairs_officer'} /> : null}
                      </>
                    ) : (
                      <span class="row-note">{t(S.notAttempted)}</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div class="batch-actions">
        <Button onClick={onNew}>{t(S.newList)}</Button>
      </div>
    </section>
  );
}
