/** The words of the staffing gap screen, in both languages, and how its figures read. */
import { formatNumber } from '../../format';
import type { Bilingual } from '../../i18n';

export const S = {
  title: { vi: 'Thiếu/thừa biên chế', en: 'Staffing gap' },
  shortCommunes: { vi: 'Xã/phường thiếu người', en: 'Communes short' },
  shortage: { vi: 'Số người còn thiếu', en: 'Staff missing' },
  overCommunes: { vi: 'Xã/phường thừa người', en: 'Communes over' },
  surplus: { vi: 'Số người thừa', en: 'Staff over quota' },
  quota: { vi: 'Định biên', en: 'Quota' },
  present: { vi: 'Hiện có', en: 'Present' },
  onBooks: { vi: 'Theo biên chế', en: 'On the books' },
  balance: { vi: 'Chênh lệch', en: 'Balance' },
  filters: { vi: 'Lọc', en: 'Filters' },
  field: { vi: 'Lĩnh vực', en: 'Field' },
  allFields: { vi: 'Tất cả lĩnh vực', en: 'Every field' },
  status: { vi: 'Tình trạng', en: 'Status' },
  all: { vi: 'Tất cả', en: 'All' },
  short: { vi: 'Thiếu người', en: 'Short' },
  over: { vi: 'Thừa người', en: 'Over' },
  balanced: { vi: 'Cân đối', en: 'Balanced' },
  view: { vi: 'Cách tính', en: 'Counted as' },
  viewPresent: { vi: 'Người đang làm việc tại xã', en: 'Who works there now' },
  viewBooks: { vi: 'Theo biên chế của xã', en: 'On the commune’s books' },
  viewHint: {
    vi: 'Đang làm việc: tính người được biệt phái đến, trừ người đi biệt phái.',
    en: 'Who works there: the seconded in count, the seconded out do not.',
  },
  search: { vi: 'Tìm xã/phường', en: 'Find a commune' },
  searchHint: { vi: 'Gõ tên, có hoặc không dấu', en: 'Type the name, diacritics optional' },
  byField: { vi: 'Theo lĩnh vực', en: 'By field' },
  byCommune: { vi: 'Theo xã/phường', en: 'By commune' },
  chartCaption: {
    vi: 'Thiếu (màu đỏ, bên trái) và thừa (màu xanh, bên phải) so với định biên. Bảng bên dưới có đầy đủ số liệu.',
    en: 'Short (red, to the left) and over (green, to the right) against the quota. The table below has every number.',
  },
  chartCut: { vi: 'Biểu đồ hiện {shown} xã thiếu nhiều nhất và thừa nhiều nhất trong {n} xã; bảng có đủ.', en: 'The chart shows the {shown} most short and most over of {n} communes; the table has them all.' },
  fieldChartValue: { vi: 'thiếu {short}, thừa {over}', en: '{short} short, {over} over' },
  table: { vi: 'Các xã/phường', en: 'The communes' },
  tableCaption: { vi: '{n} xã/phường, sắp xếp theo {by}', en: '{n} communes, sorted by {by}' },
  commune: { vi: 'Xã/phường', en: 'Commune' },
  shortFields: { vi: 'Lĩnh vực thiếu', en: 'Fields short' },
  overFields: { vi: 'Lĩnh vực thừa', en: 'Fields over' },
  secondedIn: { vi: 'Được biệt phái đến', en: 'Seconded in' },
  difficult: { vi: 'Vùng khó khăn', en: 'Difficult area' },
  sortBy: { vi: 'Sắp xếp theo {column}', en: 'Sort by {column}' },
  ascending: { vi: 'tăng dần', en: 'ascending' },
  descending: { vi: 'giảm dần', en: 'descending' },
  none: { vi: 'Không có xã/phường nào khớp bộ lọc.', en: 'No commune matches the filters.' },
  close: { vi: 'Đóng', en: 'Close' },
  needTitle: { vi: 'Nhu cầu theo lĩnh vực', en: 'Need per field' },
  shortBy: { vi: 'thiếu {n}', en: '{n} short' },
  overBy: { vi: 'thừa {n}', en: '{n} over' },
  suggest: { vi: 'Gợi ý', en: 'Suggest' },
  suggestFor: { vi: 'Gợi ý cho {field}', en: 'Suggestions for {field}' },
  suggestionsTitle: { vi: 'Công chức được gợi ý: {field}', en: 'Suggested officials: {field}' },
  suggestionsIntro: {
    vi: 'Công chức cùng lĩnh vực của các sở còn trong tỷ lệ biệt phái, không có hồ sơ đang mở, đủ điều kiện cho ngày bắt đầu {start}; xếp theo điểm.',
    en: 'Officials of the field from departments within their share, with no open case, eligible for a start on {start}; by score.',
  },
  notShort: { vi: 'Xã không thiếu người ở lĩnh vực này; danh sách để tham khảo.', en: 'The commune is not short in this field; the list is for planning ahead.' },
  noCandidates: { vi: 'Không có công chức phù hợp.', en: 'No suitable official.' },
  chooseField: { vi: 'Chọn «Gợi ý» ở một lĩnh vực để xem công chức phù hợp.', en: 'Choose “Suggest” on a field to see suitable officials.' },
  noSuggestionsRole: { vi: 'Vai trò của bạn không xem được gợi ý ghép nối.', en: 'Your role does not see the suggestions.' },
  rank: { vi: 'Hạng {n}', en: 'Rank {n}' },
  score: { vi: '{n} điểm', en: '{n} points' },
  points: { vi: '{n} điểm', en: '{n} points' },
  nominate: { vi: 'Đề cử', en: 'Nominate' },
  nominateLabel: { vi: 'Đề cử {name}', en: 'Nominate {name}' },
  onlyOwn: { vi: 'Chỉ Sở Nội vụ và cán bộ tổ chức của sở có công chức được đề cử.', en: 'Only Home Affairs and the HR officers of the official’s department may nominate.' },
  dialogTitle: { vi: 'Đề cử {name} biệt phái đến {commune}', en: 'Nominate {name} to {commune}' },
  dialogIntro: {
    vi: 'Biệt phái từ {unit}. Hệ thống kiểm tra các quy định khi gửi; nếu có vấn đề, không hồ sơ nào được tạo.',
    en: 'A secondment from {unit}. The rules are checked on submit; if one refuses, no case is made.',
  },
  start: { vi: 'Ngày dự kiến bắt đầu', en: 'Planned start' },
  months: { vi: 'Thời hạn (tháng)', en: 'Term (months)' },
  monthsHint: { vi: 'Biệt phái tối đa 36 tháng', en: 'A secondment lasts at most 36 months' },
  position: { vi: 'Vị trí việc làm', en: 'Job position' },
  reason: { vi: 'Lý do', en: 'Reason' },
  defaultReason: { vi: '{commune} thiếu {n} công chức lĩnh vực {field} (đề xuất từ gợi ý ghép nối)', en: '{commune} thiếu {n} công chức lĩnh vực {field} (đề xuất từ gợi ý ghép nối)' },
  defaultReasonNoShort: { vi: '{commune} cần công chức lĩnh vực {field} (đề xuất từ gợi ý ghép nối)', en: '{commune} cần công chức lĩnh vực {field} (đề xuất từ gợi ý ghép nối)' },
  send: { vi: 'Gửi đề cử', en: 'Submit' },
  forbidden: { vi: 'Công chức không xem được số liệu biên chế.', en: 'Officials do not see the staffing figures.' },
} satisfies Record<string, Bilingual>;

/** A signed count: "−3", "+2", "0", with the minus sign people read. */
export function signed(n: number, language: 'vi' | 'en'): string {
  return `${n < 0 ? '−' : n > 0 ? '+' : ''}${formatNumber(Math.abs(n), language)}`;
}

/** The class of a balance cell: red when short, green when over. */
export function balanceClass(balance: number): string {
  return `num balance ${balance < 0 ? 'is-short' : balance > 0 ? 'is-over' : ''}`;
}

export function fieldName(field: { nameVi: string; nameEn: string }, language: 'vi' | 'en'): string {
  return language === 'vi' ? field.nameVi : field.nameEn;
}
