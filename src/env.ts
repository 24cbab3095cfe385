/** Bindings and per-request context variables, typed once for the whole Worker. */
import type { AuthBindings } from './core/auth/middleware.js';
import type { SyncedSchoolData } from './core/data/school-data.js';

export interface Env extends AuthBindings {
  /** One gateway Durable Object per spreadsheet: all writes and cached reads go through it. */
  GATEWAY: DurableObjectNamespace;
  /** Static files (htmx, CSS) from views/static. */
  ASSETS: Fetcher;
  /** The school's spreadsheet (the default school when SCHOOLS is empty). */
  SPREADSHEET_ID: string;
  /** Optional JSON map of host name → { spreadsheetId, name } for several schools on one deployment. */
  SCHOOLS?: string;
  SCHOOL_NAME?: string;
  /** Google endpoints; the local emulator in development and tests. */
  SHEETS_API_BASE: string;
  GOOGLE_TOKEN_URL: string;
  /** Secret: the service account's JSON key. */
  GOOGLE_SERVICE_ACCOUNT: string;
  /** Secret: signs session cookies and CSRF tokens (comma-separated: newest first, for rotation). */
  SESSION_SECRET: string;
  /** How old a cached snapshot may be before staff edits must show (seconds). */
  READ_STALENESS_SECONDS: string;
  DEFAULT_LOCALE: string;
  /** Optional R2 bucket for repair photos (Miniflare's local R2 in dev and tests). */
  PHOTOS?: R2Bucket;
  /** Optional JSON of asset tag prefixes per category, over the defaults (sheets-schema/assets.ts). */
  ASSET_TAG_PREFIXES?: string;
}

export interface School {
  spreadsheetId: string;
  name: string;
}

export type Locale = 'zh-CN' | 'en';

/** Role keys, as in the 人员 tab's 角色 column (sheets-schema/people.ts). */
export type Role = 'head' | 'staff' | 'class_head' | 'teacher' | 'leader';

/** The signed-in person, read from the 人员 tab on every request (so deactivation is prompt). */
export interface Person {
  id: string;
  name: string;
  role: Role;
  /** Class or department (班级/部门). */
  unit: string | null;
}

export interface NavItem {
  path: string;
  label: import('./core/table/types.js').Text;
}

declare module 'hono' {
  interface ContextVariableMap {
    school: School;
    data: SyncedSchoolData;
    locale: Locale;
    /** Null when nobody is signed in (set by the auth middleware). */
    person: Person | null;
    /** Token for hidden form fields and htmx headers (set by the CSRF middleware). */
    csrfToken: string;
    /** Menu entries the signed-in person may open. */
    nav: NavItem[];
    /** The portal's modules (for pages that gather from every module). */
    plugins: readonly import('./core/plugin.js').Plugin[];
  }
}

export type AppEnv = { Bindings: Env };
