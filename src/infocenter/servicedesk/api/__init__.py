"""REST API of the service desk (X-7), a module per area. Each workflow step is an action
(``POST /orders/{id}/assign/``); writes go through ``services``."""
