/**
 * `/mcp`: the Model Context Protocol endpoint (Streamable HTTP, stateless: each POST carries its
 * JSON-RPC messages and gets JSON back). The caller is the one the API's auth middleware resolved
 * from `Authorization: Bearer`; anonymous callers are served only while market data is open
 * (`MARKET_DATA_AUTH`). The trading tools exist only when `MCP_TRADING` is on.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { Hono } from 'hono';
import { can } from '../auth/authenticator.js';
import { forbidden, unauthorized } from '../api/auth.js';
import { restCaller, type RestFetch } from '../api/in-process.js';
import { registerReadTools, registerTradingTools } from './tools.js';

export interface McpOptions {
  /** The REST app's fetch, which the tools call in process. */
  rest: RestFetch;
  marketData: 'open' | 'key';
  trading: boolean;
  version: string;
}

export function mcpRoutes(options: McpOptions): Hono {
  const app = new Hono();
  app.all('/mcp', async (c) => {
    const principal = c.get('principal');
    if (options.marketData === 'key') {
      if (!principal) throw unauthorized('market data on this server needs an API key with the read scope');
      if (!can(principal, 'read')) throw forbidden('this API key lacks the read scope');
    }
    const server = new McpServer({ name: 'venn', version: options.version }, { capabilities: { tools: {} } });
    const rest = restCaller(options.rest, principal);
    registerReadTools(server, rest);
    if (options.trading) registerTradingTools(server, rest);
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    try {
      return await transport.handleRequest(c.req.raw);
    } finally {
      await server.close();
    }
  });
  return app;
}
