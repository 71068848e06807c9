-- wrk script: POST /push with a 1024-byte JSON body
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"p":"' .. string.rep("x", 1016) .. '"}'
