import { caseSummary, told } from './case-messages';
import type { DailyDigestFacts, DigestOverdue, WeeklyDigestFacts } from './digests';
import { para, type Doc } from './message-document';
import { formName, type Context } from './message-words';

export function weeklyDigest(facts: WeeklyDigestFacts, c: Context): Doc {
  const day = c.date(facts.day);
  const units = (x: { sendingUnit: string; receivingUnit: string }) => `${x.sendingUnit} → ${x.receivingUnit}`;
  const level = (x: DigestOverdue) => (x.escalationLevel > 0 ? c.say(` · cảnh báo lần ${x.escalationLevel}`, ` · escalation level ${x.escalationLevel}`) : '');
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const counts = [
    c.say(`${facts.termsEnding.length} trường hợp sắp hết thời hạn`, plural(facts.termsEnding.length, 'term ending', 'terms ending')),
    c.say(`${facts.overdueSteps.length} bước quá hạn`, plural(facts.overdueSteps.length, 'overdue step', 'overdue steps')),
    facts.overdueTerms.length > 0
      ? c.say(`${facts.overdueTerms.length} trường hợp hết hạn chưa quyết định`, plural(facts.overdueTerms.length, 'overdue term', 'overdue terms'))
      : '',
  ].filter(Boolean);
  const none = c.say('Không có', 'None');
  return {
    subject: c.say(`Tổng hợp tuần ${day}: ${counts.join(', ')}`, `Weekly summary ${day}: ${counts.join(', ')}`),
    sections: [
      {
        lines: [
          para(
            c.say(
              `Tổng hợp toàn tỉnh đến ngày ${day}: các trường hợp sắp hết thời hạn trong ${facts.horizonDays} ngày tới, các bước xử lý quá hạn và các trường hợp đã hết thời hạn nhưng chưa có quyết định kết thúc hoặc gia hạn.`,
              `Province-wide summary as of ${day}: terms ending within the next ${facts.horizonDays} days, overdue steps, and terms that are over with no decision to end or extend them.`,
            ),
          ),
        ],
      },
      {
        title: c.say(
          `Sắp hết thời hạn trong ${facts.horizonDays} ngày tới (${facts.termsEnding.length})`,
          `Terms ending within ${facts.horizonDays} days (${facts.termsEnding.length})`,
        ),
        list: true,
        empty: none,
        lines: facts.termsEnding.map((t) => ({
          text:
            `${t.caseId} · ${t.officialName} (${formName(t.form, c)}) · ${units(t)} · ${c.say('hết hạn', 'ends')} ${c.date(t.termEnd)}` +
            (t.undecided ? c.say(' · chưa có quyết định kết thúc hoặc gia hạn', ' · no decision to end or extend yet') : ''),
          href: c.caseLink(t.caseId),
        })),
      },
      {
        title: c.say(`Bước xử lý quá hạn (${facts.overdueSteps.length})`, `Overdue steps (${facts.overdueSteps.length})`),
        list: true,
        empty: none,
        lines: facts.overdueSteps.map((o) => ({
          text: `${o.caseId} · ${o.officialName} · ${units(o)} · ${c.say(`bước “${c.stage(o.stage)}”, hạn`, `“${c.stage(o.stage)}” due`)} ${c.date(o.due)}${level(o)}`,
          href: c.caseLink(o.caseId),
        })),
      },
      {
        title: c.say(
          `Đã hết thời hạn, chưa có quyết định kết thúc hoặc gia hạn (${facts.overdueTerms.length})`,
          `Terms over with no decision to end or extend (${facts.overdueTerms.length})`,
        ),
        list: true,
        empty: none,
        lines: facts.overdueTerms.map((o) => ({
          text: `${o.caseId} · ${o.officialName} · ${units(o)} · ${c.say('hết hạn', 'ended')} ${c.date(o.due)}${level(o)}`,
          href: c.caseLink(o.caseId),
        })),
      },
    ],
    link: `${c.base}/pipeline`,
    linkLabel: c.say('Xem toàn bộ danh sách', 'Open the pipeline'),
  };
}

export function dailyDigest(facts: DailyDigestFacts, c: Context): Doc {
  const day = c.date(facts.day);
  const n = facts.items.length;
  return {
    subject: c.say(`Tổng hợp thông báo ngày ${day}: ${n} thông báo`, `Daily summary ${day}: ${n} ${n === 1 ? 'notification' : 'notifications'}`),
    sections: [
      {
        title: c.say(`Các thông báo trong ngày ${day}`, `Your notifications of ${day}`),
        list: true,
        empty: c.say('Không có', 'None'),
        lines: facts.items.map((item) => {
          const link = c.caseLink(item.facts.case.caseId);
          return { text: `${caseSummary(item.facts, told(item.kind, item.facts, c))} — ${link}`, href: link };
        }),
      },
    ],
    link: `${c.base}/notifications`,
    linkLabel: c.say('Xem tất cả thông báo', 'All your notifications'),
  };
}
