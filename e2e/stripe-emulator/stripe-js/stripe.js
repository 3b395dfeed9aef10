window.Stripe = function Stripe() {}; window.Stripe.version = 'endive';
