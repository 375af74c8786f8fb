/** The application's own PostgreSQL schema; nothing of ours lives in `public`. */
export const APP_SCHEMA = 'secondment';
