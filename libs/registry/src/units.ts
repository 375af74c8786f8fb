/** The registry's kinds of unit, employment and gender, as the tables and the API name them. */

export const UNIT_CATEGORIES = ['department', 'agency', 'commune', 'ward', 'special_zone'] as const;
export type UnitCategory = (typeof UNIT_CATEGORIES)[number];
export const EMPLOYMENTS = ['civil_servant', 'public_employee'] as const;
export type Employment = (typeof EMPLOYMENTS)[number];
export const GENDERS = ['female', 'male'] as const;
export type Gender = (typeof GENDERS)[number];

/** A department's or commune's kind as the cases see it: who sends and who receives. */
export function kindOfCategory(category: UnitCategory): 'department' | 'commune' {
  return category === 'department' || category === 'agency' ? 'department' : 'commune';
}
