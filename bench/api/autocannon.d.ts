/** The part of autocannon's API the API benchmark uses (the package ships no types). */
declare module "autocannon" {
  interface Histogram {
    readonly average: number;
    readonly total: number;
    readonly p50: number;
    readonly p90: number;
    readonly p99: number;
    readonly max: number;
  }
  interface Result {
    readonly requests: Histogram;
    readonly latency: Histogram;
    readonly non2xx: number;
    /** Responses with a 2xx status. */
    readonly "2xx": number;
    readonly errors: number;
    readonly timeouts: number;
  }
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    requests?: { method: "POST" | "GET"; headers?: Record<string, string>; body?: string }[];
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
