/** Raised by a job write made with a lease another driver has taken: the driver that made it must stop at once. */
export class LeaseLostError extends Error {
  constructor(jobId: string) {
    super(`Another driver took over job ${jobId}; this one stops.`);
    this.name = 'LeaseLostError';
  }
}
