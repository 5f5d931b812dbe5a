-- wrk script: POST /voip/aziende with a fresh, valid partita IVA on every request (so every
-- create is a real create, not a 409). Token from the WPTI_TOKEN environment variable.
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
local counter = math.random(0, 9000000)
local token = os.getenv("WPTI_TOKEN") or "x"

request = function()
  counter = counter + 1
  local base = string.format("%07d%03d", counter % 10000000, 58)
  local x, y = 0, 0
  for i = 1, 10 do
    local d = tonumber(base:sub(i, i))
    if i % 2 == 1 then
      x = x + d
    else
      d = d * 2
      if d > 9 then d = d - 9 end
      y = y + d
    end
  end
  local piva = base .. tostring((10 - (x + y) % 10) % 10)
  local body = string.format('{"ragioneSociale":"Bench %d S.r.l.","partitaIva":"%s","pec":"b%d@pec.example.com","profilo":"AZIENDA","maxCanali":4,"sedeLegale":{"indirizzo":"Via del Corso","civico":"1","cap":"00186","comune":"Roma","provincia":"RM"}}', counter, piva, counter)
  return wrk.format("POST", nil, {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end
