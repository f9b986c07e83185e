// The `--json` outputs of `approve` and `approvals` (snake_case, versioned, as every output: README "JSON output").
import type { Approver, LetterApproval } from './approval.js';
import { JSON_OUTPUT_VERSION } from './json.js';
import type { Letter } from './types.js';

export interface ApproveJson {
  version: number;
  by: Approver;
  at: string;
  approved: string[];
  already_approved: string[];
  files: string[];
}

export interface ApprovalsLetterJson {
  id: string;
  petition: string;
  addressee: string;
  language: string;
  channel: string;
  state: LetterApproval['state'];
  required: number;
  lacking: number;
  content_hash: string;
  approvers: { name: string; email: string; at: string }[];
  previous?: { content_hash: string; at: string; approvers: Approver[] } | undefined;
}

export interface ApprovalsSummaryJson {
  petition: string;
  required: number;
  letters: number;
  approved: number;
  pending: number;
  changed: number;
}

export interface ApprovalsJson {
  version: number;
  letters: ApprovalsLetterJson[];
  summary: ApprovalsSummaryJson[];
}

export function approvalsLetterJson(letter: Letter, a: LetterApproval): ApprovalsLetterJson {
  return {
    id: letter.id,
    petition: letter.petition,
    addressee: letter.addresseeId,
    language: letter.language,
    channel: letter.channel,
    state: a.state,
    required: a.required,
    lacking: a.lacking,
    content_hash: a.contentHash,
    approvers: a.approvers.map((x) => ({ name: x.by.name, email: x.by.email, at: x.at })),
    previous: a.previous && { content_hash: a.previous.contentHash, at: a.previous.at, approvers: a.previous.approvers },
  };
}

export function approvalsSummaryJson(petition: string, required: number, approvals: readonly LetterApproval[]): ApprovalsSummaryJson {
  const count = (state: LetterApproval['state']) => approvals.filter((a) => a.state === state).length;
  return { petition, required, letters: approvals.length, approved: count('approved'), pending: count('pending'), changed: count('changed') };
}

export const approvalsJson = (letters: ApprovalsLetterJson[], summary: ApprovalsSummaryJson[]): ApprovalsJson => ({ version: JSON_OUTPUT_VERSION, letters, summary });
export const approveJson = (by: Approver, at: string, approved: string[], alreadyApproved: string[], files: string[]): ApproveJson => ({
  version: JSON_OUTPUT_VERSION,
  by,
  at,
  approved,
  already_approved: alreadyApproved,
  files,
});
