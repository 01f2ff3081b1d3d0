// The shapes of the AI agent's hub methods, events and REST endpoint (camelCase JSON, enums as camelCase strings).
import type { components } from './apiTypes.gen';

export type AgentRunStatus = 'running' | 'completed' | 'cancelled' | 'limitReached' | 'failed';

export type AgentRunEventKind = 'started' | 'textDelta' | 'toolCallStarted' | 'toolCallFinished' | 'usage' | 'finished' | 'reverted';

/** One thing that happened in a run; `sequence` counts from 1 per run without gaps. Fields that do not apply are null. */
export interface AgentRunEvent {
  workspaceId: string;
  runId: string;
  sequence: number;
  kind: AgentRunEventKind;
  at: string;
  text?: string | null;
  toolCallId?: string | null;
  toolName?: string | null;
  input?: string | null;
  output?: string | null;
  isError?: boolean;
  diff?: string | null;
  inputTokens?: number;
  outputTokens?: number;
  status?: AgentRunStatus | null;
  error?: string | null;
}

export interface AgentRunInfo {
  workspaceId: string;
  runId: string;
  threadId: string;
  userId: string;
  userName: string;
  prompt: string;
  status: AgentRunStatus;
  error?: string | null;
  steps: number;
  inputTokens: number;
  outputTokens: number;
  startedAt: string;
  endedAt?: string | null;
  reverted: boolean;
  changedFiles: string[];
  events: AgentRunEvent[];
}

export interface ChatThreadInfo {
  threadId: string;
  title: string;
  createdBy: string;
  createdAt: string;
  runIds: string[];
}

export interface AgentRevertResult {
  reverted: boolean;
  message: string;
  conflicts: string[];
}

/** GET /api/v1/workspaces/{id}/agent: which provider the workspace's agent uses (never the key), or how to configure one. */
export type AgentProviderStatus = components['schemas']['AgentStatus'];
