"""Pages of startup spaces, one module per topic (as the services): the public ladder and the
occupancy (`occupancy`), the company's offers, contracts and charges (`offers`), a site's
floors and units and their set-up (`setup`), contracts with their checklists (`contracts`),
tenancy calls with their waiting list (`waitlist`), charges (`billing`) and visits
(`visits`)."""
