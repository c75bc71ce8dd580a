-- Adds the API token from TANDEM_TOKEN to every request wrk sends.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TANDEM_TOKEN")
