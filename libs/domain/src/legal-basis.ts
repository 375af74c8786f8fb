/** The law each of the decider's rules cites when it refuses. */
export const LEGAL_BASIS = {
  secondmentCap: 'Luật Cán bộ, công chức 2025; Nghị định 170/2025/NĐ-CP (biệt phái tối đa 36 tháng)',
  reinforcementCap: 'Tăng cường là biệt phái ngắn hạn, tối đa 6 tháng; dài hơn là biệt phái',
  rotationMin: 'Quy định 65-QĐ/TW (luân chuyển tối thiểu 36 tháng)',
  rotationHealthCertificate: 'Quy định 65-QĐ/TW; hồ sơ luân chuyển có giấy chứng nhận sức khỏe trong thời hạn 6 tháng',
  decisionDossier: 'Nghị định 170/2025/NĐ-CP (văn bản thống nhất của hai cơ quan, biên bản gặp công chức)',
  separationOfDuties: 'Phân công, phân nhiệm: không ai tự phê duyệt đề xuất của mình',
};
