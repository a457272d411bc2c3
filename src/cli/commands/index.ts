import type { Command } from '../command.ts';
import { demoCommand } from './demo.ts';
import { policiesCommand } from './policies.ts';
import { scanCommand } from './scan.ts';
import { simCommand } from './sim.ts';

/** Every verb of the CLI, in the order `mamori --help` lists them. */
export const COMMANDS: Command[] = [demoCommand, scanCommand, policiesCommand, simCommand];
