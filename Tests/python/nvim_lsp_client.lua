-- Drives grad's language server with Neovim's built-in LSP client (headless) and writes what the client
-- received as JSON to $NVIM_RESULT: the diagnostics of the open buffer, completion items and a hover.
local buffer = vim.api.nvim_get_current_buf()
local client = vim.lsp.start_client({
  name = "grad",
  cmd = { os.getenv("GRAD_EXECUTABLE"), "lsp" },
  root_dir = vim.fn.getcwd(),
})
vim.lsp.buf_attach_client(buffer, client)
vim.wait(10000, function() return #vim.diagnostic.get(buffer) > 0 end, 20)

local result = { diagnostics = {}, completion = {}, hover = vim.NIL }
for _, diagnostic in ipairs(vim.diagnostic.get(buffer)) do
  table.insert(result.diagnostics, {
    line = diagnostic.lnum, byte_column = diagnostic.col, message = diagnostic.message,
  })
end

local function request(method, line, character)
  local params = { textDocument = { uri = vim.uri_from_bufnr(buffer) }, position = { line = line, character = character } }
  local responses = vim.lsp.buf_request_sync(buffer, method, params, 5000) or {}
  for _, response in pairs(responses) do
    if response.result then return response.result end
  end
  return vim.NIL
end

local items = request("textDocument/completion", tonumber(os.getenv("COMPLETE_LINE")), tonumber(os.getenv("COMPLETE_CHARACTER")))
for _, item in ipairs(items.items or items) do table.insert(result.completion, item.label) end
local hover = request("textDocument/hover", tonumber(os.getenv("HOVER_LINE")), tonumber(os.getenv("HOVER_CHARACTER")))
if hover ~= vim.NIL then result.hover = hover.contents.value end

vim.fn.writefile({ vim.fn.json_encode(result) }, os.getenv("NVIM_RESULT"))
vim.lsp.stop_client(client)
vim.wait(2000, function() return vim.lsp.client_is_stopped(client) end, 20)
vim.cmd("qall!")
