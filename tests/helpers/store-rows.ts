// Whole rows for the store's own tests, which write through repositories below the commands: every
// column given, the optional ones null, so a test names only what it is about.
import type { NewLead, NewMission } from "../../packages/store/src/index.js";

export const FIXED_NOW = "2026-01-01T00:00:00.000Z";

export function missionRow(fields: Partial<NewMission> & Pick<NewMission, "id" | "workspace_id">): NewMission {
  return {
    name: `Mission ${fields.id}`,
    status: "active",
    description: null,
    target_audience: null,
    desired_action: null,
    cta_url: null,
    tone_instructions: null,
    example_messages_json: "[]",
    offer_id: null,
    created_at: FIXED_NOW,
    updated_at: FIXED_NOW,
    ...fields,
  };
}

export function leadRow(fields: Partial<NewLead> & Pick<NewLead, "id" | "workspace_id">): NewLead {
  return {
    first_name: null,
    last_name: null,
    full_name: null,
    email: null,
    email_key: null,
    linkedin_url: null,
    linkedin_key: null,
    sales_nav_id: null,
    custom_id: null,
    company: null,
    job_title: null,
    headline: null,
    location: null,
    description: null,
    phone: null,
    timezone: null,
    avatar_url: null,
    company_website: null,
    company_logo_url: null,
    company_linkedin_url: null,
    company_headline: null,
    personal_website: null,
    company_industry: null,
    company_size: null,
    score: null,
    experience_json: "[]",
    education_json: "[]",
    do_not_contact: 0,
    last_interaction_at: null,
    created_at: FIXED_NOW,
    updated_at: FIXED_NOW,
    ...fields,
  };
}
