/** The suggested officials for a commune's field, on the gap screen. */
import { useState } from 'preact/hooks';
import { withQuery } from '../../api';
import { Button, Empty, Loading, ProblemMessage } from '../../components/ui';
import { useResource } from '../../data';
import { formatDate, formatNumber } from '../../format';
import { useLanguage, useT } from '../../i18n';
import { useSession } from '../../session';
import type { CandidateList, RegistryField, MatchCandidate } from '../../types';
import { NominateDialog } from './nominate-dialog';
import { S, signed } from './strings';

/** The officials the matching suggests for a commune and a field, each with its reasons and, for who may, a nomination. */
export function Suggestions({ communeId, fieldId }: { communeId: string; fieldId: string }) {
  const t = useT();
  const { language } = useLanguage();
  const { me } = useSession();
  const list = useResource<CandidateList>(withQuery(`/gap/communes/${encodeURIComponent(communeId)}/candidates`, { fieldId }));
  const fields = useResource<RegistryField[]>('/registry/fields');
  const [nominating, setNominating] = useState<MatchCandidate | null>(null);
  const field = fields.data?.find((f) => f.id === fieldId);
  const name = field ? field.name[language] : fieldId;
  const mayNominate = (candidate: MatchCandidate) => me?.role === 'home_affairs_officer' || (me?.role === 'hr_officer' && me.unit?.id === candidate.unitId);
  return (
    <section class="suggestions" aria-labelledby="suggestions-title">
      <h3 id="suggestions-title">{t(S.suggestionsTitle, { field: name })}</h3>
      {list.error ? <ProblemMessage error={list.error} onRetry={() => void list.reload()} /> : null}
      {list.loading ? <Loading /> : null}
      {list.data ? (
        <>
          <p class="hint">{t(S.suggestionsIntro, { start: formatDate(list.data.plannedStart) })}</p>
          {list.data.commune.shortBy === 0 ? <p class="hint">{t(S.notShort)}</p> : null}
          {list.data.candidates.length === 0 ? <Empty>{t(S.noCandidates)}</Empty> : null}
          {me?.role !== 'home_affairs_officer' && me?.role !== 'hr_officer' ? <p class="hint">{t(S.onlyOwn)}</p> : null}
          <ol class="candidates">
            {list.data.candidates.map((candidate) => (
              <li key={candidate.officialId} class="candidate" data-official={candidate.officialId}>
                <div class="candidate-head">
                  <span class="badge">{t(S.rank, { n: candidate.rank })}</span>
                  <strong class="candidate-name">{candidate.name}</strong>
                  <span class="candidate-score">{t(S.score, { n: formatNumber(candidate.score, language) })}</span>
                </div>
                <p class="candidate-meta">
                  {candidate.unitName}
                  {candidate.grade ? ` · ${candidate.grade}` : ''} · {candidate.officialId}
                </p>
                <ul class="reasons">
                  {candidate.reasons.map((reason) => (
                    <li key={reason.code} class={reason.points < 0 ? 'minus' : undefined}>
                      <span class="reason-points">{signed(reason.points, language)}</span> {reason.text[language]}
                    </li>
                  ))}
                </ul>
                {mayNominate(candidate) ? (
                  <Button variant="primary" aria-label={t(S.nominateLabel, { name: candidate.name })} onClick={() => setNominating(candidate)}>
                    {t(S.nominate)}
                  </Button>
                ) : null}
              </li>
            ))}
          </ol>
          {nominating ? <NominateDialog list={list.data} candidate={nominating} fieldName={name} onClose={() => setNominating(null)} /> : null}
        </>
      ) : null}
    </section>
  );
}
