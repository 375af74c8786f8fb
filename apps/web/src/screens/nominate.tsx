/**
 * New nomination (/nominations/new): one official, or a list (?mode=batch). The rules are checked
 * on the server as the form is filled in (POST /cases/check: the same judges as POST /cases,
 * nothing made), and every problem is listed before submitting; a submit with problems left asks
 * first. The submit carries an idempotency key made when the form opened, kept until it succeeds.
 */
import { BatchNomination } from '../components/nomination-batch';
import { Page } from '../components/ui';
import { useT } from '../i18n';
import { setQuery, useLocation } from '../router';
import { useSession } from '../session';
import { SingleNomination } from './nominate/single-nomination';
import { S } from './nominate/strings';
import './nominate.css';

/** Whole screen: the choice of one or several officials, then that form. */
export default function NominateScreen() {
  const t = useT();
  const { me } = useSession();
  const { query } = useLocation();
  const batch = query.get('mode') === 'batch';
  const allowed = me?.role === 'hr_officer' || me?.role === 'home_affairs_officer';
  return (
    <Page title={t(S.title)}>
      {!allowed ? <p class="notice-warn">{t(S.notAllowed)}</p> : null}
      <div class="mode-switch" role="group" aria-label={t(S.mode)}>
        <button type="button" class={`mode-btn${batch ? '' : ' active'}`} aria-pressed={!batch} onClick={() => setQuery({ mode: null })}>
          {t(S.single)}
        </button>
        <button type="button" class={`mode-btn${batch ? ' active' : ''}`} aria-pressed={batch} onClick={() => setQuery({ mode: 'batch' })}>
          {t(S.batch)}
        </button>
      </div>
      {batch ? <BatchNomination /> : <SingleNomination />}
    </Page>
  );
}
