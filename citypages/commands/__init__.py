"""The work behind the CLI's commands that is more than a pipeline call: new-city, responses, deliver, reports."""
