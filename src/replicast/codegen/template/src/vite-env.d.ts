/// <reference types="vite/client" />

/** The variables the app reads at build time (see README: connect Supabase). */
interface ImportMetaEnv {
  readonly VITE_SUPABASE_URL?: string;
  readonly VITE_SUPABASE_ANON_KEY?: string;
}
