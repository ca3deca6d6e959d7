"""Time as part of the product: the schedule grammar, fire times, and the clock they are computed by."""
