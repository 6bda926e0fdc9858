// The start banner, printed once per service whatever the number of processes.
import type { SeedResult } from './demo/demo-seed';

export function printBanner(port: number, seed: SeedResult | null, notes: string[] = []): void {
  const base = `http://localhost:${port}`;
  const lines = ['', `便民 Bianmin is running — GraphQL: ${base}/graphql   explorer: ${base}/explorer   health: ${base}/healthz`];
  if (seed) {
    lines.push(`便民服务地图 public map: ${base}/embed?city=${seed.cityCode}   摊主页面 vendor page: ${base}/vendor?city=${seed.cityCode}`);
    lines.push(`演示城市 demo city: ${seed.cityName}; 演示账号 demo accounts: ${seed.usernames.join(', ')}`);
    lines.push(`演示密码 demo password: ${seed.password ?? '(set by BIANMIN_DEMO_PASSWORD)'}`);
  }
  process.stdout.write([...lines, ...notes].join('\n') + '\n\n');
}
