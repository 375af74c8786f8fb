import type { Context } from './message-words';

/** One message, ready to send: the same content as plain text and as a simple HTML email. */
export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  /** absolute link to the case or list page */
  link: string;
}

// The document both renderings (plain text and HTML) are made from.

export interface Line {
  label?: string;
  text: string;
  href?: string;
}

export interface Section {
  title?: string;
  lines: (Line | null)[];
  /** A list (one item a line) rather than paragraphs. */
  list?: boolean;
  /** Shown when the section has no line. */
  empty?: string;
}

export interface Doc {
  subject: string;
  sections: Section[];
  link: string;
  linkLabel: string;
}

/** A labelled line, or nothing when the value is empty. */
export function field(label: string, value: string | null | undefined): Line | null {
  return value ? { label, text: value } : null;
}

export function para(text: string | null | undefined): Line | null {
  return text ? { text } : null;
}

export function render(c: Context, doc: Doc): RenderedMessage {
  const footer = c.say(
    'Thư này được gửi tự động từ hệ thống quản lý biệt phái, luân chuyển, điều động cán bộ, công chức của tỉnh; vui lòng không trả lời thư này.',
    "This message was sent automatically by the province's system for secondments, rotations and transfers of civil servants; please do not reply.",
  );
  const sections = doc.sections.map((s) => ({ ...s, lines: s.lines.filter((l): l is Line => l !== null) })).filter((s) => s.lines.length > 0 || s.empty);

  const lineText = (l: Line) => (l.label ? `${l.label}: ${l.text}` : l.text);
  const text = [
    ...sections.map((s) => {
      const lines = s.lines.length > 0 ? s.lines.map((l) => (s.list ? `- ${lineText(l)}` : lineText(l))) : [`- ${s.empty}`];
      return (s.title ? [s.title, ...lines] : lines).join('\n');
    }),
    `${doc.linkLabel}: ${doc.link}`,
    footer,
  ].join('\n\n');

  const lineHtml = (l: Line) => {
    const body = l.href ? `<a href="${escapeHtml(l.href)}">${escapeHtml(l.text)}</a>` : escapeHtml(l.text);
    return l.label ? `<strong>${escapeHtml(l.label)}:</strong> ${body}` : body;
  };
  const sectionHtml = (s: (typeof sections)[number]) => {
    const title = s.title ? `<h2 style="font-size:16px;margin:20px 0 8px">${escapeHtml(s.title)}</h2>\n` : '';
    if (s.lines.length === 0) return `${title}<p style="margin:0 0 8px">${escapeHtml(s.empty ?? '')}</p>`;
    if (s.list) return `${title}<ul style="margin:0 0 8px;padding-left:20px">\n${s.lines.map((l) => `<li>${lineHtml(l)}</li>`).join('\n')}\n</ul>`;
    return `${title}${s.lines.map((l) => `<p style="margin:0 0 8px">${lineHtml(l)}</p>`).join('\n')}`;
  };
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${c.lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(doc.subject)}</title>`,
    '</head>',
    '<body style="margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2328;background:#ffffff">',
    '<div style="max-width:640px">',
    ...sections.map(sectionHtml),
    `<p style="margin:20px 0 8px">${escapeHtml(doc.linkLabel)}: <a href="${escapeHtml(doc.link)}">${escapeHtml(doc.link)}</a></p>`,
    `<p style="margin:20px 0 0;font-size:13px;color:#59636e">${escapeHtml(footer)}</p>`,
    '</div>',
    '</body>',
    '</html>',
  ].join('\n');

  return { subject: doc.subject, text, html, link: doc.link };
}

/** Text made safe for HTML content and attribute values. */
function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
