/** Bindings and per-request context variables, typed once for the whole Worker. */
import type { AuthBindings } from './core/auth/middleware.js';
import type { SyncedSchoolData } from './core/data/school-data.js';

/**
 * The Worker's bindings: generated from wrangler.toml by `npm run types`
 * (src/worker-configuration.d.ts, checked by CI), plus the optional variables and bindings a
 * deployment may add. What each one means: the README's "Configuration".
 */
export interface Env extends Cloudflare.Env, AuthBindings {
  /**
   * Optional JSON map of host name → { spreadsheetId, name, district?, serviceAccount? }: several
   * schools (and district offices, `district: true`) on one deployment.
   */
  SCHOOLS?: string;
  /** Optional secret: JSON object of service-account name → key JSON, for spreading schools over several accounts. */
  GOOGLE_SERVICE_ACCOUNTS?: string;
  /** Optional JSON of asset tag prefixes per category, over the defaults (sheets-schema/assets.ts). */
  ASSET_TAG_PREFIXES?: string;
  /** Optional secret: JSON of notification target name → channel config (README "Notifications"). */
  NOTIFY_CHANNELS?: string;
}

export interface School {
  spreadsheetId: string;
  name: string;
  /** A district office (区教育局): its spreadsheet lists schools and district people; it reads what schools publish. */
  district?: boolean;
}

export type Locale = 'zh-CN' | 'en';

/** Role keys, as in the 人员 tab's 角色 column (sheets-schema/people.ts). */
export type Role = SchoolRole | DistrictRole;
export type SchoolRole = 'head' | 'staff' | 'class_head' | 'teacher' | 'leader';
/** A district office's people: director (局领导), safety officer (安全专干), area supervisor (片区督导, their 片区 in 班级/部门). */
export type DistrictRole = 'district_director' | 'district_safety' | 'district_area';

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
