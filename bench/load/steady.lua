-- wrk script for bench/disk.sh: webhook.lua (the same signed delivery, each with its own X-GitHub-Delivery, and its
-- RESULT line) at a steady pace. Arguments (after `--`): webhook.lua's four, then the milliseconds between two requests
-- of one connection.

dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "webhook.lua")

local start = init

function init(args)
  start(args)
  pause = tonumber(args[5])
end

function delay()
  return pause
end
