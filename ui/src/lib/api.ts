// The only module that talks to the Rust side. Components import these typed functions;
// the types come from ts-rs (./bindings), generated from the core, never written by hand.
import { Channel, invoke } from "@tauri-apps/api/core";
import type { Account } from "./bindings/Account";
import type { Activity } from "./bindings/Activity";
import type { ActivityFilter } from "./bindings/ActivityFilter";
import type { ActivityKind } from "./bindings/ActivityKind";
import type { AuthorityChoice } from "./bindings/AuthorityChoice";
import type { Compose } from "./bindings/Compose";
import type { Day } from "./bindings/Day";
import type { Dossier } from "./bindings/Dossier";
import type { ImportStatus } from "./bindings/ImportStatus";
import type { MailSettings } from "./bindings/MailSettings";
import type { OutboxAction } from "./bindings/OutboxAction";
import type { Pasted } from "./bindings/Pasted";
import type { Matching } from "./bindings/Matching";
import type { Proposal } from "./bindings/Proposal";
import type { OutboxItem } from "./bindings/OutboxItem";
import type { Photo } from "./bindings/Photo";
import type { PhotoCard } from "./bindings/PhotoCard";
import type { PhotoEdit } from "./bindings/PhotoEdit";
import type { Preview } from "./bindings/Preview";
import type { Report } from "./bindings/Report";
import type { ReportState } from "./bindings/ReportState";
import type { OutlineView } from "./bindings/OutlineView";
import type { Section } from "./bindings/Section";
import type { Dropped } from "./bindings/Dropped";
import type { FormView } from "./bindings/FormView";
import type { Mapping } from "./bindings/Mapping";
import type { SavedActivity } from "./bindings/SavedActivity";
import type { BackupFile } from "./bindings/BackupFile";
import type { BackupInfo } from "./bindings/BackupInfo";
import type { Campaign } from "./bindings/Campaign";
import type { CampaignDraft } from "./bindings/CampaignDraft";
import type { ErrorPayload } from "./bindings/ErrorPayload";
import type { CeremonyItem } from "./bindings/CeremonyItem";
import type { CloneReport } from "./bindings/CloneReport";
import type { Export } from "./bindings/Export";
import type { ExportFolder } from "./bindings/ExportFolder";
import type { FolderChange } from "./bindings/FolderChange";
import type { Overview } from "./bindings/Overview";
import type { Plan } from "./bindings/Plan";
import type { PlanPreview } from "./bindings/PlanPreview";
import type { PlanState } from "./bindings/PlanState";
import type { SchoolProfile } from "./bindings/SchoolProfile";

/** An error from the core: `message` is the Vietnamese sentence to show. */
export class ApiError extends Error {
  readonly code: string;
  readonly fields: Record<string, string>;
  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.code = payload.code;
    this.fields = Object.fromEntries(payload.fields.map((f) => [f.field, f.message]));
  }
}

/** The sentence and per-field messages of anything `api` throws, ready for a form. */
export function errorInfo(e: unknown): { message: string; fields: Record<string, string> } {
  return e instanceof ApiError ? { message: e.message, fields: e.fields } : { message: String(e), fields: {} };
}

function isPayload(e: unknown): e is ErrorPayload {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    if (isPayload(e)) throw new ApiError(e);
    throw new ApiError({ code: "ipc", message: `Lỗi nội bộ của ứng dụng: ${String(e)}`, fields: [] });
  }
}

export const api = {
  overview: (year?: number) => call<Overview>("overview", { year: year ?? null }),
  saveSchool: (profile: SchoolProfile) => call<SchoolProfile>("save_school", { profile }),
  loadDemo: () => call<Overview>("load_demo"),
  campaignDraft: (year: number) => call<CampaignDraft>("campaign_draft", { year }),
  createCampaign: (campaign: Campaign) => call<Campaign>("create_campaign", { campaign }),
  updateCampaign: (campaign: Campaign) => call<Campaign>("update_campaign", { campaign }),
  authorityPresets: () => call<AuthorityChoice[]>("authority_presets"),
  planState: (year: number) => call<PlanState>("plan_state", { year }),
  previewPlan: (plan: Plan) => call<PlanPreview>("preview_plan", { plan }),
  savePlan: (plan: Plan) => call<PlanState>("save_plan", { plan }),
  exportPlan: (year: number) => call<Export>("export_plan", { year }),
  clonePlan: (from: number, year: number) => call<CloneReport>("clone_plan", { from, year }),
  activityKinds: () => call<ActivityKind[]>("activity_kinds"),
  activityDays: (year: number, filter: ActivityFilter) => call<Day[]>("activity_days", { year, filter }),
  saveActivity: (activity: Activity) => call<SavedActivity>("save_activity", { activity }),
  deleteActivity: (id: number) => call<Activity>("delete_activity", { id }),
  restoreActivity: (id: number) => call<Activity>("restore_activity", { id }),
  pasteActivities: (year: number, text: string) => call<Pasted>("paste_activities", { year, text }),
  saveActivities: (activities: Activity[]) => call<Activity[]>("save_activities", { activities }),
  pickPhotos: (folder: boolean) => call<string[]>("pick_photos", { folder }),
  importPhotos: (year: number, paths: string[]) => call<ImportStatus>("import_photos", { year, paths }),
  /** Calls `onStatus` now and at every change of the photo import, until the page is replaced. */
  photoMatching: (year: number, ids: number[]) => call<Matching>("photo_matching", { year, ids }),
  acceptProposals: (year: number, proposals: Proposal[]) => call<Activity[]>("accept_proposals", { year, proposals }),
  watchImport: (onStatus: (s: ImportStatus) => void) => {
    const channel = new Channel<ImportStatus>();
    channel.onmessage = onStatus;
    return call<void>("watch_import", { onStatus: channel });
  },
  cancelImport: () => call<null>("cancel_import"),
  photos: (year: number) => call<PhotoCard[]>("photos", { year }),
  updatePhoto: (edit: PhotoEdit) => call<Photo>("update_photo", { edit }),
  ceremonyItems: (year: number) => call<CeremonyItem[]>("ceremony_items", { year }),
  saveCeremony: (year: number, items: CeremonyItem[]) => call<CeremonyItem[]>("save_ceremony", { year, items }),
  exportCeremony: (year: number) => call<Export>("export_ceremony", { year }),
  reportState: (year: number) => call<ReportState>("report_state", { year }),
  saveReport: (report: Report) => call<ReportState>("save_report", { report }),
  exportReport: (year: number) => call<Export>("export_report", { year }),
  outlineView: (year: number) => call<OutlineView>("outline_view", { year }),
  importOutline: (year: number, text: string) => call<OutlineView>("import_outline", { year, text }),
  /** The native dialog for the authority's letter (.docx): its outline read and kept, or `null` when closed. */
  pickOutline: (year: number) => call<OutlineView | null>("pick_outline", { year }),
  writeOutline: (year: number, position: number, text: string) => call<OutlineView>("write_outline", { year, position, text }),
  clearOutline: (year: number) => call<OutlineView>("clear_outline", { year }),
  assignOutline: (year: number, position: number, section: Section | null) =>
    call<OutlineView>("assign_outline", { year, position, section }),
  reuseOutline: (year: number) => call<OutlineView>("reuse_outline", { year }),
  formView: (year: number) => call<FormView>("form_view", { year }),
  /** The native dialog for the authority's form: the form read, or `null` when closed. */
  pickForm: (year: number) => call<FormView | null>("pick_form", { year }),
  mapFormItem: (year: number, position: number, mapping: Mapping) =>
    call<FormView>("map_form_item", { year, position, mapping }),
  confirmForm: (year: number) => call<FormView>("confirm_form", { year }),
  reuseForm: (year: number) => call<FormView>("reuse_form", { year }),
  clearForm: (year: number) => call<FormView>("clear_form", { year }),
  exportForm: (year: number) => call<Export>("export_form", { year }),
  /** A form dropped on the window goes to the panel of `year` (`null`: the panel closed). */
  watchFormDrop: (year: number | null, onDrop: (d: Dropped) => void) => {
    const channel = new Channel<Dropped>();
    channel.onmessage = onDrop;
    return call<void>("watch_form_drop", { year, onDrop: channel });
  },
  exportReportPdf: (year: number) => call<Export>("export_report_pdf", { year }),
  openExport: (path: string, folder: boolean) => call<null>("open_export", { path, folder }),
  exportFolder: () => call<ExportFolder>("export_folder"),
  /** The native folder dialog (or `reset` to the default); `null` when the dialog was closed. */
  chooseExportFolder: (reset: boolean) => call<FolderChange | null>("choose_export_folder", { reset }),
  exportStats: (year: number) => call<Export>("export_stats", { year }),
  exportDossier: (year: number) => call<Dossier>("export_dossier", { year }),
  refreshExports: (year: number) => call<Export[]>("refresh_exports", { year }),
  correctStat: (year: number, key: string, value: number | null, note: string) =>
    call<ReportState>("correct_stat", { year, key, value, note }),
  mailSettings: () => call<MailSettings>("mail_settings"),
  saveMailAccount: (account: Account, password: string) => call<string>("save_mail_account", { account, password }),
  testMail: () => call<null>("test_mail"),
  pickCertificate: () => call<string | null>("pick_certificate"),
  /** The native dialog for the signed scan: the message with it, or `null` when closed. */
  attachScan: (compose: Compose) => call<Compose | null>("attach_scan", { compose }),
  mailSignIn: () => call<string>("mail_sign_in"),
  mailSignOut: () => call<null>("mail_sign_out"),
  composeDraft: (year: number) => call<Compose>("compose_draft", { year }),
  composePreview: (compose: Compose) => call<Preview>("compose_preview", { compose }),
  sendMessage: (compose: Compose) => call<OutboxItem>("send_message", { compose }),
  outboxList: () => call<OutboxItem[]>("outbox_list"),
  outboxAction: (id: number, action: OutboxAction) => call<OutboxItem>("outbox_action", { id, action }),
  saveEml: (id: number) => call<string>("save_eml", { id }),
  backups: () => call<BackupFile[]>("backups"),
  backupNow: () => call<BackupInfo>("backup_now"),
  restoreBackup: (path: string | null) => call<boolean>("restore_backup", { path }),
  openedFile: () => call<string | null>("opened_file"),
};

export type Api = typeof api;
