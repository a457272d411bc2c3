import type { Command } from '../command.ts';
import { demoCommand } from './demo.ts';
import { diffCommand } from './diff.ts';
import { findingsCommand } from './findings.ts';
import { runsCommand } from './runs.ts';
import { policiesCommand } from './policies.ts';
import { scanCommand } from './scan.ts';
import { serveCommand } from './serve.ts';
import { simCommand } from './sim.ts';
import { usersCommand } from './users.ts';
import { fixCommand } from './fix.ts';
import { approveCommand } from './approve.ts';
import { historyCommand } from './history.ts';
import { undoCommand } from './undo.ts';
import { iamPolicyCommand } from './iam-policy.ts';

/** Every verb of the CLI, in the order `mamori --help` lists them. */
export const COMMANDS: Command[] = [demoCommand, scanCommand, findingsCommand, diffCommand, runsCommand, policiesCommand, simCommand, fixCommand, approveCommand, historyCommand, undoCommand, iamPolicyCommand, serveCommand, usersCommand];
