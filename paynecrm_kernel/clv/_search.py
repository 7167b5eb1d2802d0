"""Maximum-likelihood search: one entry point, :func:`search`, that records the path it took.

Paths (``OptimizeResult.path``, reported as ``FitResult.search_path``):

``"newton"``
    Models whose kernel gives the exact Hessian (BG/NBD, MBG/NBD, Gamma-Gamma): Newton steps from the start,
    a few evaluations in all (:func:`newton_minimize`).
``"lbfgsb+newton"``
    Models with an analytic gradient only (Pareto/NBD): L-BFGS-B on the objective divided by its size at
    the start (so the first step, before any curvature is known, is of order one in the log-parameters),
    stopped once the projected gradient is small, then Newton steps with a Hessian by central differences
    of the gradient: convergence is quadratic, and that Hessian serves the standard errors too.
``"quasi-newton+newton"``
    The same with an approximate Hessian from a subsample given as ``start_hessian``: quasi-Newton steps
    from it replace the L-BFGS-B stage when they settle.
``"lbfgsb"``
    Plain L-BFGS-B with strict tolerances: models without a Hessian, and the fallback of the exact Newton
    search when it does not settle (run from the start). Where the difference-Hessian Newton stage does not
    settle, strict L-BFGS-B goes on from its point and ``"+lbfgsb"`` ends the path.

Converged: the Newton step that remains is below ``X_TOL`` in every log-parameter (parameters known to a
relative 1e-7), or L-BFGS-B met its own criterion.
"""
import numpy as np

X_TOL = 1e-7            # converged: the remaining Newton step is below this in every log-parameter
STAGE1_GTOL = 1e-6      # stage 1 stops at this projected gradient of the scaled objective
HESSIAN_STEP = 1e-5     # central-difference step in the log-parameters
MAX_NEWTON = 6


def rough_minimize(objective, theta0, bounds, maxiter=200, gtol=1e-5):
    """Scaled L-BFGS-B with a loose tolerance (a starting point for the full search); returns x or None."""
    scale = []

    def scaled(theta):
        value, grad = objective(theta)
        if not (np.isfinite(value) and np.all(np.isfinite(grad))):
            return 1e300, np.zeros_like(theta)
        if not scale:
            scale.append(max(abs(value), 1.0))
        return value / scale[0], grad / scale[0]

    from scipy import optimize          # imported on first fit: it is slow to import

    outcome = optimize.minimize(scaled, theta0, jac=True, method="L-BFGS-B", bounds=bounds,
                                options={"maxiter": maxiter, "ftol": 1e-12, "gtol": gtol})
    return outcome.x if np.all(np.isfinite(outcome.x)) and outcome.fun < 1e300 else None


def hessian(gradient, theta, step=HESSIAN_STEP):
    """Symmetrised central-difference Hessian of ``gradient`` (a function of theta) at ``theta``."""
    k = len(theta)
    out = np.empty((k, k))
    for j in range(k):
        up, down = theta.copy(), theta.copy()
        up[j] += step
        down[j] -= step
        out[:, j] = (gradient(up) - gradient(down)) / (2 * step)
    return (out + out.T) / 2


def _newton_step(h, g):
    """-H^-1 g when H is positive definite, else None."""
    try:
        factor = np.linalg.cholesky(h)
    except np.linalg.LinAlgError:
        return None
    return -np.linalg.solve(factor.T, np.linalg.solve(factor, g))


def _approximate_newton(counted, theta, h0, lower, upper, max_steps=12, stop=1e-6):
    """Quasi-Newton steps from an approximate Hessian ``h0``, refined by BFGS updates (halving steps
    that do not descend).

    Returns (converged, theta, value, grad): converged once the step is below ``stop``; otherwise the
    best point reached (None for theta when no step could be taken).
    """
    h = np.array(h0, dtype=float)
    value, grad = counted(theta)
    if not np.isfinite(value):
        return False, None, value, grad
    for _ in range(max_steps):
        step = _newton_step(h, grad)
        if step is None:
            break
        if np.max(np.abs(step)) <= stop:
            return True, theta, value, grad
        for _ in range(4):
            trial = np.clip(theta + step, lower, upper)
            trial_value, trial_grad = counted(trial)
            if np.isfinite(trial_value) and trial_value <= value:
                break
            step = step / 2
        else:
            break
        s_, y_ = trial - theta, trial_grad - grad
        hs = h @ s_
        if y_ @ s_ > 1e-12 * np.sqrt((y_ @ y_) * (s_ @ s_)) and s_ @ hs > 0:
            h = h + np.outer(y_, y_) / (y_ @ s_) - np.outer(hs, hs) / (s_ @ hs)
        theta, value, grad = trial, trial_value, trial_grad
    return False, theta, value, grad


def _difference_newton(objective, theta0, bounds, maxiter, h0=None, ftol=1e-13, gtol=1e-7):
    """The ``"lbfgsb+newton"`` and ``"quasi-newton+newton"`` paths of :func:`search` (see the module notes)."""
    from scipy import optimize          # imported on first fit: it is slow to import

    calls = [0]

    def counted(theta):
        calls[0] += 1
        value, grad = objective(theta)
        return float(value), np.asarray(grad, dtype=float)

    scale = []

    def scaled(theta):
        value, grad = counted(theta)
        if not scale:              # the first call, at theta0 (finite: the caller checked it)
            scale.append(max(abs(value), 1.0))
        return value / scale[0], grad / scale[0]

    lower = np.array([b[0] for b in bounds])
    upper = np.array([b[1] for b in bounds])
    near = None
    if h0 is not None:
        # an approximate Hessian (from a subsample) gives fast convergence at once, without the
        # curvature-learning steps of L-BFGS-B; if it does not settle, L-BFGS-B goes on from its point
        done, theta, value, grad = _approximate_newton(counted, np.asarray(theta0, dtype=float), h0,
                                                       lower, upper)
        if done:
            near = theta, value, grad
        elif theta is not None:
            theta0 = theta
    path = "quasi-newton" if near is not None else "lbfgsb"
    if near is None:
        stage1 = optimize.minimize(scaled, theta0, jac=True, method="L-BFGS-B", bounds=bounds,
                                   options={"maxiter": maxiter, "ftol": ftol, "gtol": STAGE1_GTOL})
        theta = np.asarray(stage1.x, dtype=float)
        value, grad = counted(theta)
        nit = int(stage1.nit)
    else:
        theta, value, grad = near
        nit = calls[0]
    result = None
    at_bound = np.any((theta <= lower + 1e-6) | (theta >= upper - 1e-6))
    h = h_at = None
    if not at_bound and np.isfinite(value):
        h_at = theta.copy()
        h = hessian(lambda t: counted(t)[1], theta)
        for _ in range(MAX_NEWTON):
            step = _newton_step(h, grad) if np.all(np.isfinite(h)) else None
            if step is None:
                break
            if np.max(np.abs(step)) <= X_TOL:
                result = "Newton step below tolerance"
                break
            trial = np.clip(theta + step, lower, upper)
            trial_value, trial_grad = counted(trial)
            nit += 1
            # accept a step that does not lose more than rounding noise (the value is a large sum)
            if not (np.isfinite(trial_value) and trial_value <= value + 1e-14 * abs(value)):
                break
            theta, value, grad = trial, trial_value, trial_grad
    if result is None:
        # the Newton stage did not settle: finish with strict L-BFGS-B, as a plain search would
        h = h_at = None
        final = optimize.minimize(counted, theta, jac=True, method="L-BFGS-B", bounds=bounds,
                                  options={"maxiter": maxiter, "ftol": ftol, "gtol": gtol})
        theta, value, grad = np.asarray(final.x, float), float(final.fun), np.asarray(final.jac, float)
        return optimize.OptimizeResult(x=theta, fun=value, jac=grad, nit=nit + int(final.nit),
                                       nfev=calls[0], success=bool(final.success), message=str(final.message),
                                       hessian=None, hessian_x=None, path=f"{path}+newton+lbfgsb")
    return optimize.OptimizeResult(x=theta, fun=value, jac=grad, nit=nit, nfev=calls[0], success=True,
                                   message=f"CONVERGENCE: {result} ({path} then Newton)",
                                   hessian=h, hessian_x=h_at, path=f"{path}+newton")


NEWTON_MAX_STEP = 1.5       # longest step (in any log-parameter) a Newton iteration may take
NEWTON_MAX_EVALUATIONS = 40


def _modified_newton_step(h, g):
    """Newton step -H^-1 g, with |eigenvalues| (floored) where H is not positive definite.

    Returns (step, positive_definite).
    """
    if not np.all(np.isfinite(h)):
        return None, False
    step = _newton_step(h, g)
    if step is not None:
        return step, True
    values, vectors = np.linalg.eigh(h)
    if not np.all(np.isfinite(values)):
        return None, False
    positive = bool(np.all(values > 0))
    floor = 1e-8 * max(np.max(np.abs(values)), 1e-300)
    values = np.maximum(np.abs(values), floor)
    return -(vectors @ ((vectors.T @ g) / values)), positive


def newton_minimize(objective, theta0, bounds, give_up_beyond, max_iterations=100,
                    max_evaluations=NEWTON_MAX_EVALUATIONS, x_tol=X_TOL):
    """Newton's method with an exact Hessian: ``objective(theta)`` returns (value, gradient, Hessian).

    Where the Hessian is not positive definite (far from the optimum) the step uses the absolute values
    of its eigenvalues; steps are capped at ``NEWTON_MAX_STEP`` and halved until the value does not rise
    (beyond rounding noise). Converged when the Hessian is positive definite and the remaining Newton
    step is below ``x_tol`` in every log-parameter; the point returned is the last one evaluated, so its
    Hessian is exact there.

    Returns
    -------
    scipy.optimize.OptimizeResult or None
        ``x, fun, jac, nit, nfev, success, message`` and ``hessian`` (at ``hessian_x``, which is ``x``);
        None when the search did not settle within ``max_iterations`` steps and ``max_evaluations``
        evaluations, or a log-parameter went beyond
        ``give_up_beyond`` (the data may not identify the model): the caller then runs its general
        search.
    """
    lower = np.array([b[0] for b in bounds])
    upper = np.array([b[1] for b in bounds])
    theta = np.asarray(theta0, dtype=float)
    value, grad, hess = objective(theta)
    evaluations, iterations = 1, 0
    if not np.isfinite(value):
        return None
    while evaluations < max_evaluations and iterations <= max_iterations:
        step, positive = _modified_newton_step(hess, grad)
        if step is None or not np.all(np.isfinite(step)):
            return None
        longest = np.max(np.abs(step))
        if positive and longest <= x_tol:
            from scipy import optimize

            return optimize.OptimizeResult(x=theta, fun=value, jac=grad, nit=iterations, nfev=evaluations,
                                           success=True, message="CONVERGENCE: Newton step below tolerance",
                                           hessian=hess, hessian_x=theta, path="newton")
        if longest > NEWTON_MAX_STEP:
            step = step * (NEWTON_MAX_STEP / longest)
        # near the optimum the change in value is rounding noise: accept it
        noise = (1e-12 if positive and longest <= 1e-4 else 1e-15) * abs(value)
        while evaluations < max_evaluations:
            trial = np.clip(theta + step, lower, upper)
            trial_value, trial_grad, trial_hess = objective(trial)
            evaluations += 1
            if np.isfinite(trial_value) and trial_value <= value + noise:
                break
            step = step / 2
        else:
            return None
        theta, value, grad, hess = trial, trial_value, trial_grad, trial_hess
        iterations += 1
        if np.any(np.abs(theta) >= give_up_beyond):
            return None
    return None


def _lbfgsb(objective, theta0, bounds, maxiter):
    """Plain L-BFGS-B with strict tolerances: the ``"lbfgsb"`` path of :func:`search`."""
    from scipy import optimize

    outcome = optimize.minimize(objective, theta0, jac=True, method="L-BFGS-B", bounds=bounds,
                                options={"maxiter": maxiter, "ftol": 1e-13, "gtol": 1e-7})
    outcome.update(hessian=None, hessian_x=None, path="lbfgsb")
    return outcome


def search(objective, theta0, bounds, maxiter, hessian=None, start_hessian=None, give_up_beyond=np.inf):
    """Minimise ``objective`` from ``theta0`` within ``bounds``; the one entry point of the fits.

    Parameters
    ----------
    objective : callable
        ``objective(theta)`` returns the value and the gradient; with ``hessian="exact"`` it returns the
        value, the gradient and the Hessian.
    theta0 : ndarray
        Start (log-parameters).
    bounds : list of (float, float)
        Box for each log-parameter.
    maxiter : int
        Iteration limit of each stage.
    hessian : {None, "exact", "difference"}
        Where curvature comes from: nowhere (plain L-BFGS-B), the objective, or differences of the gradient.
    start_hessian : ndarray, optional
        An approximate Hessian at ``theta0`` (``hessian="difference"`` only).
    give_up_beyond : float
        The exact Newton search stops when a log-parameter goes beyond this (the data may not identify it).

    Returns
    -------
    scipy.optimize.OptimizeResult
        ``x, fun, nit, success, message``, ``path`` (see the module notes), and ``hessian`` (of the
        objective in the search's variables, None when no Newton stage settled) taken at ``hessian_x``.
    """
    if hessian not in (None, "exact", "difference"):
        raise ValueError(f"hessian must be None, 'exact' or 'difference', got {hessian!r}.")
    if hessian == "exact":
        outcome = newton_minimize(objective, theta0, bounds, give_up_beyond, max_iterations=maxiter)
        if outcome is not None:
            return outcome
        return _lbfgsb(lambda theta: _value_and_gradient(objective(theta)), theta0, bounds, maxiter)
    if hessian == "difference":
        return _difference_newton(objective, theta0, bounds, maxiter, h0=start_hessian)
    return _lbfgsb(objective, theta0, bounds, maxiter)


def _value_and_gradient(evaluation):
    value, grad = evaluation[0], evaluation[1]
    if not (np.isfinite(value) and np.all(np.isfinite(grad))):
        return 1e300, np.zeros_like(grad)
    return value, grad
