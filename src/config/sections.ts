/** Keys of the config file that are sections for one command, not flag values. */
export const COMMAND_SECTIONS: readonly string[] = ['check', 'snapshot', 'diff', 'status', 'heads', 'history', 'current', 'diagnose', 'lint'];
