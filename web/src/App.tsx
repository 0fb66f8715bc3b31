import { type ReactElement, useEffect } from 'react';
import { BrowserRouter, Route, Routes, useLocation } from 'react-router-dom';
import { Layout } from './components/Layout.tsx';
import { RequireLogin } from './components/RequireLogin.tsx';
import { AppointMain } from './pages/AppointMain.tsx';
import { AppointManager } from './pages/AppointManager.tsx';
import { Audit } from './pages/Audit.tsx';
import { AccessRequestInbox } from './pages/access-requests/AccessRequestInbox.tsx';
import { AskAccess } from './pages/access-requests/AskAccess.tsx';
import { Dashboard } from './pages/Dashboard.tsx';
import { Enterprises } from './pages/Enterprises.tsx';
import { ExtendGrant } from './pages/ExtendGrant.tsx';
import { DeskEndingSoon } from './pages/exception/DeskEndingSoon.tsx';
import { DeskPersonLinks } from './pages/exception/DeskPersonLinks.tsx';
import { DeskQueue } from './pages/exception/DeskQueue.tsx';
import { DeskReports } from './pages/exception/DeskReports.tsx';
import { DeskRequest } from './pages/exception/DeskRequest.tsx';
import { ExceptionFollow } from './pages/exception/ExceptionFollow.tsx';
import { ExceptionRequest } from './pages/exception/ExceptionRequest.tsx';
import { ForeignEnterpriseDetail } from './pages/foreign/ForeignEnterpriseDetail.tsx';
import { ForeignEnterpriseNew } from './pages/foreign/ForeignEnterpriseNew.tsx';
import { ForeignEnterprises } from './pages/foreign/ForeignEnterprises.tsx';
import { Grant } from './pages/Grant.tsx';
import { Invitation } from './pages/Invitation.tsx';
import { Landing } from './pages/Landing.tsx';
import { Management } from './pages/Management.tsx';
import { MandateDetail } from './pages/MandateDetail.tsx';
import { MandateGrant } from './pages/MandateGrant.tsx';
import { Mandates } from './pages/Mandates.tsx';
import { MyAccess } from './pages/MyAccess.tsx';
import { NotFound } from './pages/NotFound.tsx';
import { RegisterReviews } from './pages/RegisterReviews.tsx';
import { SystemUsers } from './pages/SystemUsers.tsx';
import { VendorSystems } from './pages/VendorSystems.tsx';
import { SessionProvider } from './session.tsx';

/** A client-side navigation must move focus like a page load would, or screen readers stay put. */
function FocusOnNavigate() {
  const { pathname } = useLocation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every change of page, by design
  useEffect(() => {
    const main = document.getElementById('main');
    if (main && document.activeElement !== document.body) main.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [pathname]);
  return null;
}

const guarded = (el: ReactElement) => <RequireLogin>{el}</RequireLogin>;

export function App() {
  return (
    <BrowserRouter>
      <SessionProvider>
        <FocusOnNavigate />
        <Layout>
          <Routes>
            <Route path="/" element={<Landing />} />
            <Route path="/enterprises" element={guarded(<Enterprises />)} />
            <Route path="/enterprises/:en" element={guarded(<Dashboard />)} />
            <Route path="/enterprises/:en/main" element={guarded(<AppointMain />)} />
            <Route path="/enterprises/:en/managers/new" element={guarded(<AppointManager />)} />
            <Route path="/enterprises/:en/grants/new" element={guarded(<Grant />)} />
            <Route path="/enterprises/:en/grants/:id/extend" element={guarded(<ExtendGrant />)} />
            <Route path="/enterprises/:en/audit" element={guarded(<Audit />)} />
            <Route path="/enterprises/:en/mandates" element={guarded(<Mandates />)} />
            <Route path="/enterprises/:en/mandates/:id" element={guarded(<MandateDetail />)} />
            <Route path="/enterprises/:en/mandates/:id/grants/new" element={guarded(<MandateGrant />)} />
            <Route path="/enterprises/:en/register-reviews" element={guarded(<RegisterReviews />)} />
            <Route path="/enterprises/:en/management" element={guarded(<Management />)} />
            <Route path="/enterprises/:en/system-users" element={guarded(<SystemUsers />)} />
            <Route path="/enterprises/:en/systems" element={guarded(<VendorSystems />)} />
            <Route path="/my-access" element={guarded(<MyAccess />)} />
            <Route path="/access-requests" element={guarded(<AskAccess />)} />
            <Route path="/enterprises/:en/access-requests" element={guarded(<AccessRequestInbox />)} />
            <Route path="/invitations/:token" element={<Invitation />} />
            <Route path="/exception/new" element={<ExceptionRequest />} />
            <Route path="/exception/follow" element={<ExceptionFollow />} />
            <Route path="/service-desk" element={guarded(<DeskQueue />)} />
            <Route path="/service-desk/ending-soon" element={guarded(<DeskEndingSoon />)} />
            <Route path="/service-desk/foreign-enterprises" element={guarded(<ForeignEnterprises />)} />
            <Route path="/service-desk/foreign-enterprises/new" element={guarded(<ForeignEnterpriseNew />)} />
            <Route path="/service-desk/foreign-enterprises/:number" element={guarded(<ForeignEnterpriseDetail />)} />
            <Route path="/service-desk/requests/:id" element={guarded(<DeskRequest />)} />
            <Route path="/service-desk/appointment-reports" element={guarded(<DeskReports />)} />
            <Route path="/service-desk/person-links" element={guarded(<DeskPersonLinks />)} />
            <Route path="*" element={<NotFound />} />
          </Routes>
        </Layout>
      </SessionProvider>
    </BrowserRouter>
  );
}
